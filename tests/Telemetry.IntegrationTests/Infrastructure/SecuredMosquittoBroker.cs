namespace Telemetry.IntegrationTests.Infrastructure;

/// <summary>A broker that refuses anonymous clients and knows one user, as the Mosquitto add-on does.</summary>
public sealed class SecuredMosquittoBroker : MosquittoBroker
{
    public const string Username = "addons";
    public const string InitialPassword = "first-Pa55word-0123456789";

    public SecuredMosquittoBroker()
        : base((Username, InitialPassword))
    {
    }
}
