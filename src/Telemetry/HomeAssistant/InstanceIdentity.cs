namespace Telemetry.HomeAssistant;

/// <summary>The instance id files: the agent's own (<c>db/instance_id</c>), and the one the add-on keeps in its state folder.</summary>
/// <remarks>The agent's id makes the unique ids the same as its built-in telemetry's, so entity history carries over.</remarks>
internal static class InstanceIdentity
{
    public const string FileName = "instance_id";

    /// <summary>The id in <paramref name="path"/>, or null when the file is missing, unreadable or holds no plain id.</summary>
    public static string? Read(string path)
    {
        try
        {
            var text = File.Exists(path) ? File.ReadAllText(path).Trim() : "";
            return IsId(text) ? text : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Letters, digits, <c>-</c> and <c>_</c>: what the agent writes (a UUID), and safe in a unique id.</summary>
    public static bool IsId(string text) => text.Length is > 0 and <= 128 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public static void Write(string path, string id)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path) ?? ".");
        File.WriteAllText(path, id + "\n");
    }
}
