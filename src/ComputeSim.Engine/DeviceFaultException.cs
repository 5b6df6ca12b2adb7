namespace ComputeSim.Engine;

/// <summary>
/// A device failed while a sweep ran on it (out of memory, a lost or reset device, a failed launch).
/// No point of the failing chunk has reached an accumulator or a sink, so the sweep can be
/// continued on another backend from the last completed chunk.
/// </summary>
public sealed class DeviceFaultException : Exception
{
    /// <summary>A fault of <paramref name="backend"/> for <paramref name="reason"/> (one line).</summary>
    public DeviceFaultException(string backend, string reason, Exception? inner = null)
        : base($"{backend}: the device failed ({reason})", inner)
    {
        Backend = backend;
        Reason = reason;
    }

    /// <summary>A fault of <paramref name="backend"/> caused by <paramref name="inner"/>.</summary>
    public DeviceFaultException(string backend, Exception inner)
        : this(backend, $"{inner.GetType().Name}: {inner.Message.Split('\n')[0].Trim()}", inner)
    {
    }

    /// <summary>The backend's name.</summary>
    public string Backend { get; }

    /// <summary>Why, in one line.</summary>
    public string Reason { get; }
}
