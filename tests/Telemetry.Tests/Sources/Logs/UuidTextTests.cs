using Telemetry.Sources.Logs;

namespace Telemetry.Tests.Sources.Logs;

/// <summary>Request ids in the agent's UUID form as numbers, given back exactly; any other text is not taken.</summary>
public sealed class UuidTextTests
{
    [Theory]
    [InlineData("0198f3a2-7c41-7d2e-9a3b-5f6e7d8c9b0a")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    [InlineData("ffffffff-ffff-ffff-ffff-ffffffffffff")]
    public void TryParse_LowercaseUuid_FormatGivesTheSameText(string id)
    {
        // Given a UUID in the agent's form, when it is parsed
        var parsed = UuidText.TryParse(id, out var bits);

        // Then it is taken, and formatting the bits gives the text back
        Assert.True(parsed);
        Assert.Equal(id, UuidText.Format(bits));
    }

    [Theory]
    [InlineData("0198F3A2-7C41-7D2E-9A3B-5F6E7D8C9B0A")]
    [InlineData("0198f3a27c417d2e9a3b5f6e7d8c9b0a")]
    [InlineData("req-1")]
    [InlineData("0198f3a2-7c41-7d2e-9a3b-5f6e7d8c9b0g")]
    [InlineData("0198f3a2+7c41-7d2e-9a3b-5f6e7d8c9b0a")]
    public void TryParse_AnyOtherText_NotTaken(string id)
    {
        // Given an id that is not a lowercase UUID (upper case would not round-trip), when it is parsed, then it is not taken
        Assert.False(UuidText.TryParse(id, out _));
    }

    [Theory]
    [InlineData("0198f3a2-7c41-7d2e-9a3b-5f6e7d8c9b0a")]
    [InlineData("0198F3A2-7C41-7D2E-9A3B-5F6E7D8C9B0A")]
    [InlineData("req-1")]
    [InlineData("0198f3a2-7c41-7d2e-9a3b-5f6e7d8c9bä")]
    [InlineData("")]
    public void TryParse_Utf8Bytes_AgreesWithTheText(string id)
    {
        // Given an id as the database's UTF-8 bytes, when both forms are parsed, then they agree, bits included
        var fromText = UuidText.TryParse(id, out var textBits);
        var fromBytes = UuidText.TryParse(System.Text.Encoding.UTF8.GetBytes(id), out var byteBits);
        Assert.Equal(fromText, fromBytes);
        Assert.Equal(textBits, byteBits);
    }
}
