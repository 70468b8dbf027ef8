using Clln.Actors.Faults;

namespace Clln.Actors.Tests;

/// <summary>Delay specs as written on the command line.</summary>
public sealed class DelaySpecTests
{
    [Theory]
    [InlineData("fixed:2ms", DelayKind.Fixed, 2, 2)]
    [InlineData("fixed:500us", DelayKind.Fixed, 0.5, 0.5)]
    [InlineData("uniform:0-5ms", DelayKind.Uniform, 0, 5)]
    [InlineData("uniform:1ms-0.01s", DelayKind.Uniform, 1, 10)]
    [InlineData("exp:1ms", DelayKind.Exponential, 1, 1)]
    public void Parses(string text, DelayKind kind, double a, double b)
    {
        var spec = DelaySpec.Parse(text);
        Assert.Equal(kind, spec.Kind);
        Assert.Equal(a, spec.A, 12);
        Assert.Equal(b, spec.B, 12);
        Assert.Equal(spec, DelaySpec.Parse(spec.ToString()));
    }

    [Theory]
    [InlineData("2ms")]
    [InlineData("fixed:2")]
    [InlineData("uniform:5-1ms")]
    [InlineData("exp:0ms")]
    [InlineData("gamma:1ms")]
    public void Refuses_with_one_line(string text)
    {
        var e = Assert.Throws<FormatException>(() => DelaySpec.Parse(text));
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Draws_have_the_stated_means()
    {
        var stream = SplitMix.Stream(1, 0, 0, 0);
        foreach (var spec in new[] { DelaySpec.Parse("uniform:0-4ms"), DelaySpec.Parse("exp:3ms") })
        {
            var mean = Enumerable.Range(0, 20_000).Select(_ => spec.SampleMs(ref stream)).Average();
            Assert.InRange(mean, spec.MeanMs * 0.95, spec.MeanMs * 1.05);
        }
    }
}
