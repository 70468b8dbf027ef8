using Clln.Core.Experiments;
using Clln.Core.Model;
using Clln.Core.Tasks;

namespace Clln.Core.Tests.Experiments;

/// <summary>teacher_seed: made-up tasks that share a teacher network, so that one network can hold them all.</summary>
public sealed class TeacherSeedTests
{
    private static LearningTask Task(string task, int seed, int? teacher = null) =>
        ExperimentSetup.Prepare(new Experiment { Task = task, Seed = seed, TeacherSeed = teacher }).Task;

    [Fact]
    public void A_teacher_of_the_tasks_own_seed_is_the_default_and_another_keeps_the_tasks_own_inputs()
    {
        var own = Task("allostery", 3);
        var same = Task("allostery", 3, teacher: 3);
        Assert.Equal(own.Train.Single().Inputs, same.Train.Single().Inputs);
        Assert.Equal(own.Train.Single().Targets, same.Train.Single().Targets);
        var taught = Task("allostery", 3, teacher: 7);
        Assert.Equal(own.Train.Single().Inputs, taught.Train.Single().Inputs);
        Assert.NotEqual(own.Train.Single().Targets, taught.Train.Single().Targets);
    }

    [Fact]
    public void Tasks_of_one_teacher_are_one_affine_map_and_tasks_of_two_are_not()
    {
        // A linear teacher's outputs are an affine map of its inputs: fitted on one task's samples,
        // it predicts the other task's exactly only when the same teacher made both.
        double Across(string teachers)
        {
            var tasks = ExperimentSetup.Prepare(new Experiment { Task = "linear-regression", Tasks = [$"name=A;seed=3;epochs=1{teachers}", $"name=B;seed=4;epochs=1{teachers}"] }).Tasks;
            var (a, b) = (tasks[0].Task, tasks[1].Task);
            Assert.NotEqual(a.Train[0].Inputs, b.Train[0].Inputs);
            return LinearBaseline.Of(new RegressionTask("across", a.Train, b.Test)).TestLoss;
        }
        var (one, two) = (Across(";teacher_seed=7"), Across(""));
        Assert.True(one < 1e-12, $"one teacher: loss {one}");
        Assert.True(two > 1e-4, $"each its own teacher: loss {two}");
    }

    [Fact]
    public void Only_a_made_up_task_has_a_teacher()
    {
        var error = Assert.Throws<BadInputException>(() => ExperimentSetup.Prepare(new Experiment { Task = "iris", TeacherSeed = 2 }));
        Assert.Equal("experiment field teacher_seed: only a made-up task (allostery, linear-regression) has a teacher network, not iris", error.Message);
    }
}
