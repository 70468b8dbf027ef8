using Akka.Actor;
using Clln.Core.Mechanics;

namespace Clln.Actors.Mechanics;

// The elastic network's messages. They stay within one actor system (elastic networks are not
// spread over cluster members yet), so they are plain records with no wire format
// (and say so to Akka's serialization check).

/// <summary>
/// A node tells one of its springs where it is, in both twins. <paramref name="End"/>: which end of
/// the spring the node is (0: a, 1: b). <paramref name="Held"/>: held in both twins (the spring
/// then never tells it anything, it would not move). <paramref name="Round"/>: the phase's round of
/// announcements the node last took part in (0 at the phase's start, then one more at each
/// refresh): a spring that hears a new round waits for both ends' announcements of it, then
/// tells both its pull, whatever it told them before.
/// </summary>
internal sealed record NodeAt(int Phase, int Round, int Seq, int End, double XFree, double YFree, double XClamped, double YClamped, bool Held);

/// <summary>A spring tells a node its local linearisation in both twins; <paramref name="Slot"/>: the spring's place in the node's list.</summary>
internal sealed record SpringPull(int Phase, int Seq, int Slot, Pull Free, Pull Clamped) : INoSerializationVerificationNeeded;

/// <summary>
/// A spring's pull on one of its nodes, linearised where the node was: the force at position x is
/// C - K x (K the 2x2 stiffness the node feels, symmetric), the elastic Norton pair.
/// </summary>
internal readonly record struct Pull(double Kxx, double Kxy, double Kyy, double Cx, double Cy)
{
    /// <summary>Not yet told: any pull differs from it.</summary>
    public static readonly Pull Never = new(double.NaN, 0, 0, 0, 0);

    public (double X, double Y) ForceAt(double x, double y) => (Cx - Kxx * x - Kxy * y, Cy - Kxy * x - Kyy * y);

    /// <summary>
    /// Spring of stiffness <paramref name="k"/> and rest length <paramref name="rest"/> pulling the
    /// node at (px, py) toward or away from the other end at (qx, qy). The stiffness across the spring,
    /// k (1 - l/r), is kept only under tension, so K is positive semidefinite (see SpringForces.Hessian).
    /// </summary>
    public static Pull Of(double px, double py, double qx, double qy, double k, double rest)
    {
        var (dx, dy) = (px - qx, py - qy);
        var r = Math.Sqrt(dx * dx + dy * dy);
        if (!(r > 0)) return new Pull(k, 0, k, k * px, k * py); // the ends coincide: no direction, hold the node where it is
        var (ux, uy) = (dx / r, dy / r);
        var across = k * Math.Max(0, 1 - rest / r);
        var kxx = k * ux * ux + across * (1 - ux * ux);
        var kxy = (k - across) * ux * uy;
        var kyy = k * uy * uy + across * (1 - uy * uy);
        var tension = k * (r - rest);
        return new Pull(kxx, kxy, kyy, -tension * ux + kxx * px + kxy * py, -tension * uy + kxy * px + kyy * py);
    }

    /// <summary>
    /// Worth telling the node, which is at (x, y) and last heard <paramref name="old"/>: the force
    /// predicted there moved by more than <paramref name="threshold"/> metres' worth of this spring's
    /// stiffness <paramref name="k"/>, or the stiffness the node feels moved by a quarter of k.
    /// </summary>
    public bool DiffersFrom(Pull old, double x, double y, double k, double threshold)
    {
        if (double.IsNaN(old.Kxx)) return true;
        var (fx, fy) = ForceAt(x, y);
        var (ox, oy) = old.ForceAt(x, y);
        return Math.Max(Math.Abs(fx - ox), Math.Abs(fy - oy)) > threshold * k
            || Math.Max(Math.Abs(Kxx - old.Kxx), Math.Max(Math.Abs(Kxy - old.Kxy), Math.Abs(Kyy - old.Kyy))) > 0.25 * k;
    }
}

/// <summary>A phase starts: the node takes these positions where a twin holds it (NaN: free there) and tells its springs where it is.</summary>
internal sealed record HoldAt(int Phase, double XFree, double YFree, double XClamped, double YClamped) : INoSerializationVerificationNeeded;

/// <summary>Clocked: the node's colour steps; it moves if it heard news since its last step.</summary>
internal sealed record StepNode(int Phase) : INoSerializationVerificationNeeded;

/// <summary>The send threshold was lowered: the node tells its springs where it is, in a new round of announcements (see <see cref="NodeAt"/>).</summary>
internal sealed record Announce(int Phase, int Round) : INoSerializationVerificationNeeded;

/// <summary>Free-running: a node's reminder to itself to step again (its last step left it short of its local solution).</summary>
internal sealed record MoveAgain(int Phase) : INoSerializationVerificationNeeded;

/// <summary>The coordinator asks a node where it is (not counted: it is asked only while the network is silent).</summary>
internal sealed record WhereAreYou : INoSerializationVerificationNeeded;

/// <summary>A node's answer to <see cref="WhereAreYou"/>.</summary>
internal sealed record NodePlace(int Node, double XFree, double YFree, double XClamped, double YClamped) : INoSerializationVerificationNeeded;

/// <summary>Every spring applies <paramref name="Rule"/> to its own lengths in the two twins (as its nodes last told them) and reports itself.</summary>
internal sealed record LearnSprings(SpringRule Rule) : INoSerializationVerificationNeeded;

/// <summary>A spring's stiffness and rest length after it learned.</summary>
internal sealed record SpringLearned(int Spring, double Stiffness, double RestLength) : INoSerializationVerificationNeeded;
