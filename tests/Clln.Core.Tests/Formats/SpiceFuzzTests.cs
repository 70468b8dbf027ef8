using Clln.Core.Formats;
using Clln.Core.Model;
using CsCheck;

namespace Clln.Core.Tests.Formats;

/// <summary>
/// The reader on hostile text: mutated valid netlists and random token soup must give a network
/// or an <see cref="InvalidNetworkException"/> (one line, naming the file), never another
/// exception, and never hang. A network read this way must also survive a write and re-read intact.
/// </summary>
public class SpiceFuzzTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromMinutes(2);

    /// <summary>Words that mean something to the reader, or nearly do; node names and plain values repeat, to weigh them up.</summary>
    private static readonly string[] Words =
    [
        "R1", "r2", "R3", "V1", "v2", "C1", "X1", "a", "b", "B", "c", "0", "gnd", "GND", "00", "DC", "dc",
        "a", "b", "0", "a", "b", "0", "1k", "1", "2", "output", "input",
        "1", "1k", "2.2meg", "1mil", "-1", "0", "1e999", "1e-999", "4k7", "1x", "abc", "nan", ".5", "1e",
        "+", "*", ";", "$", "//", "--", ".op", ".end", ".control", ".endc", ".include", ".tran", "*clln",
        "node", "output", "input", "ground", "bias", "free", "boss", "(", ")", "=", ",", "é", "\t", "\0", "\r",
    ];

    /// <summary>How soup lines start: mostly like elements, else like the other kinds of line.</summary>
    private static readonly string[] Leads =
    [
        "R1", "r2", "R3", "Rx", "R1", "r2", "V1", "v2", "Vb", "V1", "C1", "*clln node", "*", "+", ".op", ".end", ".control", ".endc", "",
    ];

    private static readonly Gen<string> Payload = Gen.OneOf<string>(
        Gen.Char["abcRrVv0123456789 .+-*;$/\\\n\r\t(),=ek_#µ\0"].Select(c => c.ToString()),
        Gen.OneOf(Words),
        Gen.OneOf("\n+ ", "\n* ", "\n*clln node a output\n", "\nR9 a 0 1k\n", "\n.end\n", "\nV9 a 0 DC 0\n"));

    private static readonly Gen<(int Kind, int Position, string Payload)> Mutation =
        Gen.Select(Gen.Int[0, 6], Gen.Int[0, 1_000_000], Payload);

    [Fact]
    public void Mutated_netlists_read_or_fail_cleanly()
    {
        var seeds = SeedNetlists();
        var read = WithinBudget(() => Count(
            Gen.Select(Gen.Int[0, seeds.Length - 1], Mutation.Array[1, 8])
                .Select((seed, mutations) => mutations.Aggregate(seeds[seed], Mutate)),
            4000));
        // Many mutations (in comments, in values) leave a valid netlist: the round trip is exercised too.
        Assert.True(read > 200, $"only {read} of 4000 mutated netlists were valid");
    }

    [Fact]
    public void Token_soup_reads_or_fails_cleanly()
    {
        var line = Gen.Select(Gen.OneOf(Leads), Gen.OneOf(Words).Array[0, 5], (lead, words) => string.Join(' ', words.Prepend(lead)));
        // Soup almost never forms a valid netlist (the mutations cover that); it tests that every
        // refusal is an InvalidNetworkException, however the words fall.
        WithinBudget(() => Count(line.Array[1, 12].Select(lines => string.Join('\n', lines)), 4000));
    }

    [Fact]
    public void Each_seed_is_valid_so_mutations_start_from_working_netlists()
    {
        foreach (var seed in SeedNetlists()) Assert.True(SpiceNetlist.Read(seed, "seed.cir").Network.EdgeCount > 0);
    }

    /// <summary>Samples netlists, checks each, and counts those that read as networks.</summary>
    private static int Count(Gen<string> netlists, long iterations)
    {
        var read = 0;
        netlists.Sample(text => read += ReadsOrFailsCleanly(text) ? 1 : 0, iter: iterations, threads: 1);
        return read;
    }

    /// <summary>True when the text read as a network (then written and read back intact), false when refused cleanly.</summary>
    private static bool ReadsOrFailsCleanly(string text)
    {
        SpiceReadResult read;
        try
        {
            read = SpiceNetlist.Read(text, "fuzz.cir");
        }
        catch (InvalidNetworkException error)
        {
            Assert.StartsWith("fuzz.cir:", error.Message);
            Assert.DoesNotContain('\n', error.Message);
            return false;
        }
        Assert.All(read.Warnings, w => Assert.StartsWith("fuzz.cir:", w));
        // Whatever was read is a network the writer can carry and the reader gives back.
        var again = SpiceNetlist.Read(SpiceNetlist.Write(read.Network), "again.cir");
        SpiceWriteTests.AssertSameNetwork(read.Network, again);
        return true;
    }

    private static string Mutate(string text, (int Kind, int Position, string Payload) mutation)
    {
        var (kind, position, payload) = mutation;
        var at = position % (text.Length + 1);
        var lines = text.Split('\n').ToList();
        var line = position % lines.Count;
        switch (kind)
        {
            case 0: return text.Insert(at, payload);
            case 1: return text.Remove(at, Math.Min(payload.Length, text.Length - at));
            case 2: return at < text.Length ? text.Remove(at, 1).Insert(at, payload) : text + payload;
            case 3: lines.Insert(line, lines[line]); break;
            case 4: (lines[line], lines[^1]) = (lines[^1], lines[line]); break;
            case 5: return text[..at];
            default: lines.RemoveAt(line); break;
        }
        return string.Join('\n', lines);
    }

    private static string[] SeedNetlists() =>
    [
        File.ReadAllText(SpiceReadTests.RepositoryFile("data/divider.cir")),
        SpiceNetlist.Write(SpiceWriteTests.Lattice()),
        SpiceNetlist.Write(SpiceWriteTests.RandomNetwork(new Random(7))),
        """
        every feature
        *clln node out output
        V1 0 neg DC 1.5 ; a comment
        Vin in GND 2.5V
        Rload in out
        + 4.7kohm $ another
        R2 out 0 1meg // and another
        r3 OUT neg 330
        .tran 1n 1u
        .op
        .end
        """,
    ];

    private static T WithinBudget<T>(Func<T> action)
    {
        var task = Task.Run(action);
        Assert.True(Task.WaitAny([task], Budget) == 0, $"the reader did not finish within {Budget}: a hang");
        return task.GetAwaiter().GetResult();
    }
}
