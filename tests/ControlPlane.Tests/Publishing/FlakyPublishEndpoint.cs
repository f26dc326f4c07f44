using System.Reflection;
using MassTransit;

namespace HybridGateway.ControlPlane.Tests;

/// <summary>An <see cref="IPublishEndpoint"/> in front of the test bus that fails every publish while <see cref="Broken"/>.</summary>
internal sealed class FlakyPublishEndpoint
{
    public FlakyPublishEndpoint()
    {
        Proxy = DispatchProxy.Create<IPublishEndpoint, Forwarder>();
        ((Forwarder)Proxy).Owner = this;
    }

    public volatile bool Broken;

    public IPublishEndpoint Proxy { get; }

    public IPublishEndpoint? Inner { get; set; }

    public int Failures;

    public class Forwarder : DispatchProxy
    {
        public FlakyPublishEndpoint Owner { get; set; } = null!;

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (Owner.Broken && targetMethod!.Name == nameof(IPublishEndpoint.Publish))
            {
                Interlocked.Increment(ref Owner.Failures);
                return Task.FromException(new InvalidOperationException("broker unreachable (simulated)"));
            }

            return targetMethod!.Invoke(Owner.Inner, args);
        }
    }
}
