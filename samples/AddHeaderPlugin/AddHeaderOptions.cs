namespace HybridGateway.Samples.AddHeader;

/// <summary>The config of an <c>add-header</c> instance.</summary>
public sealed record AddHeaderOptions(string Header, string Value);
