using Clln.Core.Experiments;
using Clln.Core.Model;
using Clln.Core.Training;

namespace Clln.Core.Tests.Experiments;

public sealed class TaskSequenceTests
{
    [Fact]
    public void A_list_given_as_text_trains_each_entry_over_the_runs_fields_for_its_epochs()
    {
        var experiment = ExperimentFields.Set(new Experiment { Task = "allostery", Alpha = 0.02 }, "tasks", "name=A;seed=3;epochs=2, name=B;task=linear-regression;epochs=3", "option --tasks");
        var tasks = TaskSequence.Of(experiment);
        Assert.Equal(["A", "B"], tasks.Select(t => t.Name));
        Assert.Equal(("allostery", 3, 2), (tasks[0].Experiment.Task, tasks[0].Experiment.Seed, tasks[0].Epochs));
        Assert.Equal(("linear-regression", 1, 3), (tasks[1].Experiment.Task, tasks[1].Experiment.Seed, tasks[1].Epochs));
        Assert.All(tasks, t => Assert.Equal(0.02, t.Experiment.Alpha));
        Assert.Equal(5, TaskSequence.Normalize(experiment).Epochs);
        // Epoch 0 (untrained) and the first two go to A, then B; epochs past the list train the last.
        var once = TaskSequence.Segments(tasks.Select(t => t.Epochs).ToArray(), cycles: 1);
        Assert.Equal([0, 0, 0, 1, 1, 1, 1], new[] { 0, 1, 2, 3, 4, 5, 9 }.Select(e => TaskSequence.TaskAt(once, e)));
        // Cycled, the tasks alternate: A A B B B, A A B B B.
        var cycled = TaskSequence.Segments(tasks.Select(t => t.Epochs).ToArray(), cycles: 2);
        Assert.Equal([new(0, 1, 2), new(1, 3, 5), new(0, 6, 7), new TaskSequence.Segment(1, 8, 10)], cycled);
        Assert.Equal([0, 0, 1, 1, 0, 0, 1, 1], new[] { 0, 2, 3, 5, 6, 7, 8, 12 }.Select(e => TaskSequence.TaskAt(cycled, e)));
        Assert.Equal(10, TaskSequence.Normalize(experiment with { TaskCycles = 2 }).Epochs);
        // task_epochs sets every task's turn; task_cycles 0 repeats the list as often as the epochs allow.
        var turns = experiment with { TaskEpochs = 4, TaskCycles = 0, Epochs = 30 };
        Assert.All(TaskSequence.Of(turns), t => Assert.Equal(4, t.Epochs));
        Assert.Equal(3, TaskSequence.Cycles(turns));
        Assert.Equal(24, TaskSequence.Normalize(turns).Epochs);
        Assert.Equal(3, TaskSequence.Cycles(TaskSequence.Normalize(turns)));
        // Without a list the run is its own task.
        var alone = TaskSequence.Of(new Experiment { Epochs = 7 });
        Assert.Equal(("iris", 7), (alone.Single().Name, alone.Single().Epochs));
    }

    [Fact]
    public void A_list_written_to_config_json_reads_back_the_same()
    {
        var experiment = new Experiment { Tasks = ["name=A;seed=3;epochs=2", "name=B;task=linear-regression;data_noise=0.25;epochs=3"] };
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, ExperimentFields.Write(experiment));
            Assert.Equal(experiment.Tasks, ExperimentFields.ReadFile(path).Tasks);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("name=A;epochs=2,name=A;epochs=3", "experiment field tasks[2] (A).name: another task is named 'A'")]
    [InlineData("name=A;epochs", "experiment field tasks[1]: 'epochs' is not field=value")]
    [InlineData("name=A b;epochs=2", "experiment field tasks[1] (A b).name: use letters, digits, '_' and '-' only (it names a metrics.csv column)")]
    [InlineData("name=A;epochs=0", "experiment field tasks[1] (A).epochs: must be at least 1, not 0")]
    [InlineData("name=A;epochs=2;epochs=3", "experiment field tasks[1]: 'epochs' is given twice")]
    public void A_bad_entry_names_itself_and_its_field(string list, string message)
    {
        var experiment = ExperimentFields.Set(new Experiment(), "tasks", list, "option --tasks");
        Assert.Equal(message, Assert.Throws<BadInputException>(() => TaskSequence.Of(experiment)).Message);
    }

    [Fact]
    public void Metrics_rows_of_a_task_list_read_back_with_every_tasks_loss()
    {
        var row = new EpochMetrics(4, 0.1, double.NaN, 0.2, double.NaN, 1e-3, 10, 5.5, [0.1, 0.2, 0.3]) { TrainedTask = 2, TaskLosses = [0.25, double.NaN, 0.2] };
        var back = EpochMetrics.FromCsv(row.ToCsv(), tasks: 3);
        Assert.Equal(2, back.TrainedTask);
        Assert.Equal([0.25, double.NaN, 0.2], back.TaskLosses!);
        Assert.Equal([0.1, 0.2, 0.3], back.ErrorComponents!);
        Assert.Equal(0.2, back.TestLoss);
        Assert.Throws<FormatException>(() => EpochMetrics.FromCsv("2,0.1,0.8", tasks: 2));
    }
}
