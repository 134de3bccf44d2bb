using RobotEdge.ReferenceCheck.Comparison;

namespace RobotEdge.ReferenceCheck.Tests;

public sealed class OutputAgreementTests
{
    [Fact]
    public void TalliesMaxAndMeanErrorAgainstTheReferenceRangeOverAllSamples()
    {
        var agreement = new OutputAgreement("y", [1, 3]);
        agreement.Add([1.0f, 2.5f, 3.0f], [1.0f, 2.0f, 3.0f], "first");
        agreement.Add([-1.0f, 0.0f, 4.25f], [-1.0f, 0.0f, 4.0f], "second");

        Assert.Equal(2, agreement.Samples);
        Assert.Equal(0.5, agreement.MaxAbsError, 12);
        Assert.Equal((0.5 + 0.25) / 6, agreement.MeanAbsError, 12);
        Assert.Equal(-1.0, agreement.ReferenceMin);
        Assert.Equal(4.0, agreement.ReferenceMax);
        Assert.Equal(0.5 / 5.0, agreement.RelativeError, 12);
        Assert.Equal("first", agreement.WorstSample);
        Assert.Equal(1, agreement.WorstElement);
        Assert.Equal([0, 1], agreement.WorstCoordinates);
        Assert.Equal(2.0, agreement.WorstReferenceValue);
    }

    [Fact]
    public void LocatesTheWorstElementInTheOutputsShape()
    {
        var agreement = new OutputAgreement("map", [1, 2, 3, 2]);
        var reference = new float[12];
        var ours = new float[12];
        ours[9] = 0.125f; // [0, 1, 1, 1]
        agreement.Add(ours, reference, "a");
        agreement.Add(reference, reference, "b");
        Assert.Equal("a", agreement.WorstSample);
        Assert.Equal([0, 1, 1, 1], agreement.WorstCoordinates);
    }

    [Fact]
    public void AConstantReferenceIsJudgedByAbsoluteError()
    {
        var agreement = new OutputAgreement("flag", [1, 1]);
        agreement.Add([0.75f], [0.5f]);
        Assert.Equal(0, agreement.ReferenceRange);
        Assert.Equal(0.25, agreement.RelativeError, 12);
    }

    [Fact]
    public void NaNAgreesOnlyWithNaN()
    {
        var agreement = new OutputAgreement("y", [2]);
        agreement.Add([float.NaN, 1f], [float.NaN, 1f]);
        Assert.Equal(0, agreement.MaxAbsError);
        agreement.Add([float.NaN, 1f], [0f, 1f]);
        Assert.Equal(double.PositiveInfinity, agreement.MaxAbsError);
    }

    [Fact]
    public void RefusesTensorsOfDifferentLengths()
    {
        var agreement = new OutputAgreement("y", [2]);
        Assert.Throws<ArgumentException>(() => agreement.Add([1f, 2f], [1f]));
    }
}
