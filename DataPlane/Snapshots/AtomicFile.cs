namespace HybridGateway.DataPlane.Snapshots;

/// <summary>Writes a file so that readers see either the old or the new content, never a mix (temp + fsync + rename).</summary>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="content"/>; <paramref name="unixMode"/> (e.g. 0600 for a private key) applies from creation on, so the content is never readable by others.</summary>
    public static void Write(string path, ReadOnlySpan<byte> content, UnixFileMode? unixMode = null)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (unixMode is { } mode && !OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = mode;
            }

            using (var stream = new FileStream(temp, options))
            {
                stream.Write(content);
                // Flush to the device before the rename, so a crash never leaves a renamed but empty file.
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
