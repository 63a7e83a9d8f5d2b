using System.Diagnostics;
using System.Globalization;

namespace Rush.Ticketing.Seeding;

/// <summary>A console progress bar for one seeding phase: rows written, rows/s, time left.</summary>
/// <remarks>
/// Workers call <see cref="Add"/> from many threads; a timer redraws one line in place. When the output is not a
/// terminal (a log file under <c>./rush up</c>) only the final line of each phase is written.
/// </remarks>
public sealed class SeedProgress : IAsyncDisposable
{
    private const int BarWidth = 30;
    private readonly TextWriter _out;
    private readonly bool _live;
    private readonly string _name;
    private readonly long _total;
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private readonly PeriodicTimer? _timer;
    private readonly Task _drawing = Task.CompletedTask;
    private long _done;

    /// <summary>Starts a phase of <paramref name="total"/> rows.</summary>
    public SeedProgress(TextWriter output, bool live, string name, long total)
    {
        _out = output;
        _live = live;
        _name = name;
        _total = total;
        if (live)
        {
            _timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
            _drawing = DrawLoopAsync(_timer);
        }
    }

    /// <summary>Rows written so far.</summary>
    public long Done => Interlocked.Read(ref _done);

    /// <summary>Counts <paramref name="rows"/> more rows.</summary>
    public void Add(long rows) => Interlocked.Add(ref _done, rows);

    /// <summary>Stops the redraws and writes the phase's final line.</summary>
    public async ValueTask DisposeAsync()
    {
        _timer?.Dispose();
        await _drawing.ConfigureAwait(false);
        var seconds = Math.Max(_watch.Elapsed.TotalSeconds, 0.001);
        var line = _total == 0
            ? $"{_name,-14} already there"
            : string.Create(CultureInfo.InvariantCulture, $"{_name,-14} {Done,12:N0} rows in {seconds,6:F1} s ({Done / seconds,10:N0} rows/s)");
        await _out.WriteLineAsync(_live ? "\r" + line.PadRight(100) : line).ConfigureAwait(false);
        await _out.FlushAsync().ConfigureAwait(false);
    }

    private async Task DrawLoopAsync(PeriodicTimer timer)
    {
        while (await timer.WaitForNextTickAsync().ConfigureAwait(false))
        {
            await _out.WriteAsync("\r" + Render()).ConfigureAwait(false);
            await _out.FlushAsync().ConfigureAwait(false);
        }
    }

    private string Render()
    {
        var done = Done;
        var fraction = _total <= 0 ? 1 : Math.Clamp((double)done / _total, 0, 1);
        var filled = (int)(fraction * BarWidth);
        var seconds = Math.Max(_watch.Elapsed.TotalSeconds, 0.001);
        var rate = done / seconds;
        var left = rate > 0 ? TimeSpan.FromSeconds((_total - done) / rate) : TimeSpan.Zero;
        return string.Create(CultureInfo.InvariantCulture,
            $"{_name,-14} [{new string('#', filled)}{new string('.', BarWidth - filled)}] {fraction,6:P1} {done,12:N0}/{_total:N0} {rate,9:N0} rows/s  left {left:mm\\:ss}  ");
    }
}
