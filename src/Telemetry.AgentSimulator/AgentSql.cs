using Microsoft.Data.Sqlite;

namespace Telemetry.AgentSimulator;

/// <summary>Writes to the agent's databases as the agent does: WAL mode, a 5 s busy timeout, parameterised statements.</summary>
internal static class AgentSql
{
    /// <summary>Opens (creating if needed) a writer connection in WAL mode and applies <paramref name="schema"/>.</summary>
    public static SqliteConnection OpenWriter(string path, string schema = "")
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, AgentSchema.Pragmas);
        if (schema.Length > 0)
        {
            Execute(connection, schema);
        }

        return connection;
    }

    /// <summary>Runs one statement; a null value is bound as NULL.</summary>
    public static int Execute(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters) =>
        Execute(connection, null, sql, parameters);

    /// <inheritdoc cref="Execute(SqliteConnection, string, ValueTuple{string, object}[])"/>
    public static int Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        // CreateCommand enlists the command in the connection's open transaction, if any; only an explicit one overrides it.
        using var command = connection.CreateCommand();
        command.Transaction = transaction ?? command.Transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command.ExecuteNonQuery();
    }
}
