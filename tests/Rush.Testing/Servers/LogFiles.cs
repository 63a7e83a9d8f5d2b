using System.Text;

namespace Rush.Testing.Servers;

/// <summary>Reads the tail of server log files for error messages.</summary>
internal static class LogFiles
{
    public static string Tail(string path, int lines = 60)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            const int maxBytes = 64 * 1024;
            if (stream.Length > maxBytes)
            {
                stream.Seek(-maxBytes, SeekOrigin.End);
            }

            using var reader = new StreamReader(stream, Encoding.UTF8);
            var all = reader.ReadToEnd().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException)
        {
            return $"(no log at {path})";
        }
        catch (UnauthorizedAccessException)
        {
            return $"(cannot read {path})";
        }
    }

    /// <summary>Tails every file in a folder (recursively), each under a header.</summary>
    public static string TailAll(string directory, int lines = 40)
    {
        if (!Directory.Exists(directory))
        {
            return $"(no folder {directory})";
        }

        var builder = new StringBuilder();
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            _ = builder.Append("==> ").Append(file).AppendLine(" <==").AppendLine(Tail(file, lines));
        }

        return builder.ToString();
    }

    /// <summary>True when a start failure looks like a port someone else grabbed meanwhile (worth one more try on new ports).</summary>
    public static bool LooksLikePortClash(string text) =>
        text.Contains("Address already in use", StringComparison.OrdinalIgnoreCase) ||
        text.Contains("eaddrinuse", StringComparison.OrdinalIgnoreCase) ||
        text.Contains("could not bind", StringComparison.OrdinalIgnoreCase);
}
