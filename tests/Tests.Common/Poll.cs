using System.Diagnostics;

namespace HybridGateway.Tests.Common;

/// <summary>
/// Waits for a condition by polling it, with a deadline instead of fixed sleeps. The deadline only bounds failures:
/// a passing condition returns as soon as it holds.
/// </summary>
public static class Poll
{
    /// <summary>The default deadline for conditions that normally hold within a second.</summary>
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(30);

    /// <summary>Polls <paramref name="condition"/> until it returns true; exceptions count as "not yet".</summary>
    public static Task UntilAsync(Func<Task<bool>> condition, TimeSpan? deadline = null, string? what = null) =>
        UntilAsync<object>(async () => await condition() ? true : null, deadline, what);

    /// <summary>Polls <paramref name="condition"/> until it returns true; exceptions count as "not yet".</summary>
    public static Task UntilAsync(Func<bool> condition, TimeSpan? deadline = null, string? what = null) =>
        UntilAsync(() => Task.FromResult(condition()), deadline, what);

    /// <summary>
    /// Polls <paramref name="probe"/> until it returns a non-null value and returns that value.
    /// Throws <see cref="TimeoutException"/> naming <paramref name="what"/>, the last exception and the last value.
    /// </summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T?>> probe, TimeSpan? deadline = null, string? what = null)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var limit = deadline ?? DefaultDeadline;
        var watch = Stopwatch.StartNew();
        var delay = TimeSpan.FromMilliseconds(10);
        Exception? lastError = null;
        while (true)
        {
            try
            {
                var value = await probe();
                if (value is not null)
                {
                    return value;
                }

                lastError = null;
            }
            catch (Exception ex) when (ex is not NUnit.Framework.AssertionException && (ex is not OperationCanceledException || watch.Elapsed < limit))
            {
                lastError = ex;
            }

            if (watch.Elapsed >= limit)
            {
                throw new TimeoutException(
                    $"{what ?? "condition"} did not hold within {limit.TotalSeconds:0.#} s" +
                    (lastError is null ? string.Empty : $"; last error: {lastError.GetType().Name}: {lastError.Message}"),
                    lastError);
            }

            await Task.Delay(delay);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 250));
        }
    }

    /// <summary>Polls <paramref name="probe"/> until it returns a value (not null) and returns it.</summary>
    public static async Task<T> UntilValueAsync<T>(Func<Task<T?>> probe, TimeSpan? deadline = null, string? what = null)
        where T : struct
    {
        ArgumentNullException.ThrowIfNull(probe);
        var boxed = await UntilAsync<object>(async () => await probe() is { } value ? value : null, deadline, what);
        return (T)boxed;
    }
}
