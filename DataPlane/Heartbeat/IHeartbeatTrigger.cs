namespace HybridGateway.DataPlane.Heartbeat;

/// <summary>Asks for a heartbeat now (after an apply), instead of waiting for the next interval.</summary>
internal interface IHeartbeatTrigger
{
    void Trigger();
}
