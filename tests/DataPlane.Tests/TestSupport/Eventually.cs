namespace HybridGateway.DataPlane.Tests.TestSupport;

/// <summary>Polls a condition until it holds or a generous deadline passes (never sleep-and-hope).</summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(30);

    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? deadline = null)
    {
        var until = DateTime.UtcNow + (deadline ?? DefaultDeadline);
        T last = await probe();
        while (!done(last))
        {
            if (DateTime.UtcNow > until)
            {
                Assert.Fail($"Timed out waiting for {what}; last value: {last}");
            }

            await Task.Delay(25);
            last = await probe();
        }

        return last;
    }
}
