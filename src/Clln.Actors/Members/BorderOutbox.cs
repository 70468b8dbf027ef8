using Akka.Actor;
using Clln.Actors.Edges;
using Clln.Actors.Nodes;
using Clln.Actors.Serialization;
using Clln.Actors.Wiring;

namespace Clln.Actors.Members;

/// <summary>
/// A member's messages for other members, one lane per destination (each partition host, and the
/// coordinator; a channel is a partition number, or the number of partitions for the coordinator): what its actors put on the border waits in the lane and goes in one
/// <see cref="RoutedBatch"/>, with at most <see cref="Window"/> batches in flight per lane; the destination's
/// <see cref="BatchTaken"/> releases the next. So a colour step's ticks cost one message per
/// member, a burst of news one message per neighbouring member, and remoting's cost per message is
/// paid per batch.
/// </summary>
/// <remarks>
/// <para>
/// Voltages and Norton equivalents carry a node's or an edge's latest state, and a receiver drops
/// an older one anyway (sequence numbers): a newer one for the same link replaces one still
/// waiting in the lane (retired unsent: counted among the hot messages, never delivered), so a
/// slow border carries the freshest news rather than a backlog. Within a clocked step a link
/// carries one message, so the clocked schedule never loses one this way.
/// </para>
/// <para>
/// Counting: a message in a lane is still the member's own work (registered when its actor sent
/// it), so a member with a non-empty lane is never idle; it is counted out (<see cref="Quiescence.Depart"/>)
/// when its batch goes, and a replaced one is retired. Batches go from the lane owner's turn (the
/// partition host or the coordinator), never from an actor's: an idle lane asks its owner to
/// flush (<see cref="Flush"/>), by which time the rest of the sender's burst has joined it.
/// </para>
/// </remarks>
internal sealed class BorderOutbox
{
    /// <summary>Items in one batch at most: well under Akka's 128,000-byte frame (an item is under 80 bytes).</summary>
    public const int MaxBatch = 1000;

    /// <summary>
    /// Batches a lane may have in flight before it waits for an acknowledgement. One paced a lane
    /// at a round trip; four let news go at one-way latency while a slow member still holds back
    /// its senders (measured on 3 loopback members: a 20x20 clocked relaxation 18.4 s with one, 9.6 s with four).
    /// </summary>
    private const int Window = 4;

    private readonly Lane[] _lanes;
    private readonly Quiescence _quiescence;

    /// <param name="self">The owner's channel: its partition number, or the number of partitions for the coordinator.</param>
    public BorderOutbox(int channels, int self, Quiescence quiescence)
    {
        _lanes = Enumerable.Range(0, channels).Select(_ => new Lane()).ToArray();
        Self = self;
        _quiescence = quiescence;
    }

    /// <summary>The owner's own channel number, which its batches carry.</summary>
    public int Self { get; }

    /// <summary>The owner (host or coordinator): it sends the batches, and receives the acknowledgements and flush requests.</summary>
    public IActorRef Owner { get; set; } = ActorRefs.Nobody;

    /// <summary>Where each lane's batches go (index: partition, the last: the coordinator), and whether each is on another member.</summary>
    public IActorRef[] Destinations { get; set; } = [];
    public bool[] Remote { get; set; } = [];

    /// <summary>
    /// Lanes wait for the owner's <see cref="FlushAll"/> when its member falls quiet, and their
    /// messages are counted out as they are put (so the member can fall quiet with them waiting):
    /// a partition clock's step goes to each neighbour in one unacknowledged batch, its
    /// <see cref="StepDone"/> last (see <see cref="PartitionClock"/>).
    /// </summary>
    public bool Deferred { get; init; }

    /// <summary>Puts a message for actor <paramref name="index"/> of channel <paramref name="channel"/> in that lane.</summary>
    public void Put(int channel, Recipient recipient, int index, IEngineMessage payload)
    {
        var lane = _lanes[channel];
        if (Deferred)
        {
            Routed? replacedItem;
            var item = new Routed(recipient, index, payload);
            lock (lane) replacedItem = lane.Replace(item, LinkKey(recipient, index, payload));
            if (replacedItem is not null) _quiescence.Recall(channel, CrossLinks(channel, replacedItem));
            _quiescence.Depart(channel, 1, CrossLinks(channel, item));
            return;
        }
        bool replaced, ask;
        lock (lane)
        {
            replaced = lane.Put(new Routed(recipient, index, payload), LinkKey(recipient, index, payload));
            ask = lane.InFlight < Window && !lane.FlushAsked;
            if (ask) lane.FlushAsked = true;
        }
        if (replaced) _quiescence.Supersede();
        if (ask) Owner.Tell(new FlushLane(channel));
    }

    /// <summary>The owner's turn: sends the lane's batch unless its window is full.</summary>
    public void Flush(int channel)
    {
        var lane = _lanes[channel];
        Routed[] items;
        lock (lane)
        {
            lane.FlushAsked = false;
            if (lane.InFlight >= Window || lane.Count == 0) return;
            items = lane.Take(MaxBatch);
            lane.InFlight++;
        }
        _quiescence.Depart(channel, items.Length, Remote[channel] ? items.Count(IsLink) : 0);
        Destinations[channel].Tell(new RoutedBatch(Self, items), Owner);
    }

    /// <summary>The owner's turn, its member quiet: every deferred lane's messages go, in batches of at most <see cref="MaxBatch"/>.</summary>
    public void FlushAll()
    {
        for (var channel = 0; channel < _lanes.Length; channel++)
        {
            var lane = _lanes[channel];
            while (true)
            {
                Routed[] items;
                lock (lane)
                {
                    if (lane.Count == 0) break;
                    items = lane.Take(MaxBatch);
                }
                Destinations[channel].Tell(new RoutedBatch(Self, items, Ack: false), Owner);
            }
        }
    }

    private int CrossLinks(int channel, Routed item) => Remote[channel] && IsLink(item) ? 1 : 0;

    /// <summary>The owner's turn: the destination took one of the lane's batches; another may go.</summary>
    public void Taken(int channel)
    {
        var lane = _lanes[channel];
        lock (lane) lane.InFlight--;
        Flush(channel);
    }

    private static bool IsLink(Routed item) => item.Payload is NodeVoltage or EdgeNorton;

    /// <summary>For messages that carry a link's latest state, the link (a newer one replaces an older); else null.</summary>
    private static (Recipient, int, int)? LinkKey(Recipient recipient, int index, IEngineMessage payload) => payload switch
    {
        NodeVoltage v => (recipient, index, v.Node),
        EdgeNorton n => (recipient, index, n.Slot),
        _ => null,
    };

    /// <summary>One destination's queue: in order, with the position of each link's waiting message.</summary>
    private sealed class Lane
    {
        private readonly List<Routed?> _items = [];
        private readonly Dictionary<(Recipient, int, int), int> _waiting = [];
        private int _replaced;

        public int InFlight { get; set; }
        public bool FlushAsked { get; set; }
        public int Count => _items.Count - _replaced;

        /// <summary>Appends; returns true when the message replaced an older one of the same link (which is then not sent).</summary>
        public bool Put(Routed item, (Recipient, int, int)? key) => Replace(item, key) is not null;

        /// <summary>Appends; returns the older message of the same link it replaced (which is then not sent), or null.</summary>
        public Routed? Replace(Routed item, (Recipient, int, int)? key)
        {
            if (key is { } k && _waiting.TryGetValue(k, out var at))
            {
                var replaced = _items[at]!;
                // A refresh's request for an answer survives being overtaken.
                if (replaced.Payload is NodeVoltage { WantsReply: true } && item.Payload is NodeVoltage { WantsReply: false } v)
                    item = item with { Payload = v with { WantsReply = true } };
                _items[at] = null;
                _replaced++;
                _waiting[k] = _items.Count;
                _items.Add(item);
                return replaced;
            }
            if (key is { } fresh) _waiting[fresh] = _items.Count;
            _items.Add(item);
            return null;
        }

        public Routed[] Take(int max)
        {
            var taken = new List<Routed>(Math.Min(max, Count));
            var used = 0;
            while (used < _items.Count && taken.Count < max)
            {
                if (_items[used] is { } item) taken.Add(item);
                else _replaced--;
                used++;
            }
            _items.RemoveRange(0, used);
            _waiting.Clear();
            for (var i = 0; i < _items.Count; i++)
                if (_items[i] is { } left && LinkKey(left.To, left.Index, left.Payload) is { } key) _waiting[key] = i;
            return taken.ToArray();
        }
    }
}

/// <summary>A lane has messages and no batch in flight: its owner sends them (a local reminder, never crosses members).</summary>
internal sealed record FlushLane(int Channel) : INoSerializationVerificationNeeded;
