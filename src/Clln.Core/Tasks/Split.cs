using Clln.Core.Data;

namespace Clln.Core.Tasks;

/// <summary>Seeded train/test splits: the same seed picks the same samples on any machine.</summary>
public static class Split
{
    /// <summary><paramref name="trainPerClass"/> random samples of each class to train on; the rest to test on.</summary>
    public static (int[] Train, int[] Test) PerClass(DataSet data, int trainPerClass, int seed)
    {
        var random = new Random(seed);
        var train = new List<int>();
        var test = new List<int>();
        foreach (var (members, c) in data.IndicesByClass().Select((m, c) => (m.ToArray(), c)))
        {
            if (members.Length <= trainPerClass)
                throw new Clln.Core.Model.BadInputException($"{data.Name}: class '{data.ClassNames[c]}' has {members.Length} samples; {trainPerClass} for training leaves none for testing");
            random.Shuffle(members);
            train.AddRange(members.Take(trainPerClass));
            test.AddRange(members.Skip(trainPerClass));
        }
        // Interleave classes in training order, so each epoch sees them mixed.
        var trainArray = train.ToArray();
        random.Shuffle(trainArray);
        return (trainArray, test.Order().ToArray());
    }

    /// <summary>A fraction of all samples to train on, the rest to test on.</summary>
    public static (int[] Train, int[] Test) Fraction(int count, double trainFraction, int seed)
    {
        var order = Enumerable.Range(0, count).ToArray();
        new Random(seed).Shuffle(order);
        var trainCount = Math.Clamp((int)Math.Round(count * trainFraction), 1, count - 1);
        return (order[..trainCount], order[trainCount..].Order().ToArray());
    }
}
