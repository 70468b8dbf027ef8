using Clln.Core.Data;
using Clln.Core.Model;

namespace Clln.Core.Tests.Data;

public sealed class CsvDataSetTests
{
    private static BadInputException Refused(string text, string label) =>
        Assert.Throws<BadInputException>(() => CsvDataSet.Read(text.Split('\n'), "d.csv", label));

    [Fact]
    public void Embedded_iris_has_150_flowers_4_features_and_3_species_of_50()
    {
        var iris = EmbeddedData.Iris();
        Assert.Equal(150, iris.Count);
        Assert.Equal(4, iris.FeatureNames.Length);
        Assert.Equal(["setosa", "versicolor", "virginica"], iris.ClassNames);
        Assert.All(iris.IndicesByClass(), c => Assert.Equal(50, c.Length));
    }

    [Fact]
    public void Numeric_labels_make_a_regression_set_and_text_labels_a_classification_set()
    {
        Assert.False(CsvDataSet.Read(["x,y", "1,2", "2,4", "3,6"], "r.csv", "y").IsClassification);
        Assert.True(CsvDataSet.Read(["x,y", "1,a", "2,b", "3,a"], "c.csv", "y").IsClassification);
    }

    [Fact]
    public void Bad_tables_are_refused_naming_file_line_and_column()
    {
        Assert.Equal("d.csv:3: column 'x' is not numeric: 'abc'", Refused("x,y\n1,a\nabc,b\n2,a", "y").Message);
        Assert.Equal("d.csv:2: missing value in column 'x'", Refused("x,y\n,a\n1,b", "y").Message);
        Assert.Equal("d.csv: label column 'z' does not exist (columns: x, y)", Refused("x,y\n1,a\n2,b", "z").Message);
        Assert.Equal("d.csv: label column 'y' has 1 class ('a'); classification needs at least two", Refused("x,y\n1,a\n2,a", "y").Message);
        Assert.Equal("d.csv:3: expected 2 columns, found 3", Refused("x,y\n1,a\n2,b,7\n3,a", "y").Message);
    }
}
