using System.Globalization;
using Clln.Core.Elements;
using Clln.Core.Model;

namespace Clln.Core.Formats;

/// <summary>Reads one netlist of the SPICE subset into a network; one instance per read.</summary>
/// <remarks>
/// Cards are checked as they come, so an error names the line of the first problem; the checks
/// that need the whole netlist (roles, floating parts) run at the end. The rules are set out in
/// <see cref="SpiceNetlist"/>.
/// </remarks>
internal sealed class SpiceReader(string source)
{
    /// <summary>Both of SPICE's names for ground ("0", "gnd") are one node under this key.</summary>
    private const string GroundKey = "0";

    private readonly List<string> _warnings = [];
    private readonly Dictionary<string, SpiceNode> _nodes = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> _elementLines = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<SpiceEdge> _edges = [];
    private readonly Dictionary<string, SpiceModel> _models = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>An R line (its conductance) or an M line (its gate, model and W/L ratio).</summary>
    private sealed record SpiceEdge(string Name, SpiceNode From, SpiceNode To, int Line, double Conductance, SpiceGate? Gate);

    /// <summary>What an M line says about its transistor besides the channel: resolved once every .model is read.</summary>
    private sealed record SpiceGate(SpiceNode Node, string Model, int ModelLine, double Ratio);

    /// <summary>A level-1 NMOS .model: threshold VTO (volts) and KP (A/V^2).</summary>
    private sealed record SpiceModel(double Threshold, double Kp, int Line);

    /// <summary>What the netlist says about one node so far.</summary>
    private sealed class SpiceNode(string name, int mention, int line, bool isGround)
    {
        public string Name { get; } = name;
        public int Mention { get; } = mention;
        public int Line { get; } = line;
        public bool IsGround { get; } = isGround;
        /// <summary>A terminal of a resistor or of a transistor's channel: a node of the network.</summary>
        public bool OnEdge { get; set; }

        /// <summary>The first M line using this node as a gate (held by its own source, not a network node).</summary>
        public (string Element, int Line)? GateOf { get; set; }
        public bool OnElement { get; set; }
        public (double Voltage, string Source, int Line)? Held { get; set; }
        public (NodeRole Role, int Line)? Marked { get; set; }
    }

    public SpiceReadResult Read(string text)
    {
        var (cards, title, lastLine) = SpiceCards.Split(text, source);
        WarnIfTitleLooksLikeElement(title);
        int? controlLine = null, endLine = null;
        foreach (var card in cards)
        {
            if (endLine is not null)
            {
                Warn(card.Line, $"ignored this and every later line: they come after .end (line {endLine})");
                break;
            }
            if (controlLine is not null)
            {
                if (card.Name.Equals(".endc", StringComparison.OrdinalIgnoreCase)) controlLine = null;
                continue;
            }
            if (card.IsClln) ReadClln(card);
            else if (card.Name[0] == '.') ReadDotLine(card, ref controlLine, ref endLine);
            else if (card.Name[0] is 'R' or 'r') ReadResistor(card);
            else if (card.Name[0] is 'V' or 'v') ReadSource(card);
            else if (card.Name[0] is 'M' or 'm') ReadTransistor(card);
            else
                throw Error(card.Line, $"element '{card.Name}' has type '{card.Name[0]}', which is not supported: the subset reads R (resistor), M (level-1 NMOS transistor) and V (DC voltage source) lines");
        }
        return new SpiceReadResult(Assemble(lastLine), _warnings);
    }

    private void ReadResistor(SpiceCard card)
    {
        const string form = "a resistor line is 'Rname node1 node2 resistance'";
        var name = ElementName(card);
        if (card.Tokens.Count < 4) throw Error(card.Line, $"too few fields for {name}: {form}");
        if (card.Tokens.Count > 4) throw Error(card.Tokens[4].Line, $"unexpected field '{card.Tokens[4].Text}' for {name}: {form}, without parameters");
        var from = Mention(card.Tokens[1], name);
        var to = Mention(card.Tokens[2], name);
        var value = card.Tokens[3];
        var resistance = Number(value, name);
        if (!resistance.IsPositive) throw Error(value.Line, $"resistance '{value.Text}' of {name} must be positive");
        var conductance = resistance.ReciprocalToDouble();
        if (!double.IsNormal(conductance)) throw Error(value.Line, $"resistance '{value.Text}' of {name} is out of range");
        if (CircuitLimits.Conductance(conductance) is not null) throw Error(value.Line, $"resistance '{value.Text}' of {name} must be from 1e-100 to 1e100 ohms");
        from.OnEdge = to.OnEdge = from.OnElement = to.OnElement = true;
        _edges.Add(new SpiceEdge(name, from, to, card.Line, conductance, null));
    }

    /// <summary>
    /// <c>Mname drain gate source bulk model [W=..] [L=..] [M=..]</c>: a transistor edge from drain
    /// to source (the device is symmetric, so which is which only sets the current's sign). The
    /// gate must be held by its own source; the bulk, which the model ignores (GAMMA = 0), must be
    /// ground or a channel terminal.
    /// </summary>
    private void ReadTransistor(SpiceCard card)
    {
        const string form = "a transistor line is 'Mname drain gate source bulk model [W=width] [L=length] [M=count]'";
        var name = ElementName(card);
        var tokens = card.Tokens;
        if (tokens.Count < 6) throw Error(card.Line, $"too few fields for {name}: {form}");
        var drain = Mention(tokens[1], name);
        var gate = Mention(tokens[2], name);
        var source = Mention(tokens[3], name);
        var bulk = Mention(tokens[4], name);
        var model = tokens[5];
        if (model.Text.Contains('=')) throw Error(model.Line, $"too few fields for {name}: {form}");
        var (w, l, m) = (1.0, 1.0, 1.0);
        foreach (var p in SpiceParameters.Read(tokens.Skip(6), name, Error))
        {
            var value = p.Value.ToDouble();
            if (!(value > 0) || !double.IsFinite(value)) throw Error(p.Line, $"{p.Name}={p.Text} of {name} must be positive");
            switch (p.Name)
            {
                case "W": w = value; break;
                case "L": l = value; break;
                case "M": m = value; break;
                default: throw Error(p.Line, $"parameter '{p.Name}' of {name} is not supported: {form}");
            }
        }
        if (gate.IsGround)
            throw Error(tokens[2].Line, $"the gate of {name} is ground: each transistor's gate must be driven by its own DC source to ground");
        if (!bulk.IsGround && bulk != drain && bulk != source)
            throw Error(tokens[4].Line, $"bulk node '{bulk.Name}' of {name} must be ground or its drain or source: the model has no body effect (GAMMA=0), so nothing else is meaningful");
        if (gate == drain || gate == source)
            throw Error(tokens[2].Line, $"the gate of {name} is also its drain or source: each transistor's gate must be driven by its own DC source to ground");
        drain.OnEdge = source.OnEdge = true;
        drain.OnElement = gate.OnElement = source.OnElement = bulk.OnElement = true;
        gate.GateOf ??= (name, card.Line);
        _edges.Add(new SpiceEdge(name, drain, source, card.Line, double.NaN, new SpiceGate(gate, model.Text, model.Line, w / l * m)));
    }

    /// <summary>
    /// <c>.model NAME NMOS (LEVEL=1 VTO=.. KP=.. LAMBDA=0 GAMMA=0)</c>. Only what the level-1 square
    /// law with no channel-length modulation and no body effect means is accepted; PHI and IS
    /// (the bulk junctions, which the edge model leaves out) are read and ignored. A model of
    /// another type is ignored with a warning; an M line using it is an error.
    /// </summary>
    private void ReadModel(SpiceCard card)
    {
        const string form = "a model line is '.model NAME NMOS (LEVEL=1 VTO=volts KP=amps_per_volt2 LAMBDA=0 GAMMA=0)'";
        var tokens = card.Tokens;
        if (tokens.Count < 3) throw Error(card.Line, $"too few fields: {form}");
        var name = tokens[1].Text;
        // The type may carry the opening bracket: "NMOS(LEVEL=1".
        var typeText = tokens[2].Text;
        var bracket = typeText.IndexOf('(');
        var rest = tokens.Skip(3).ToList();
        if (bracket >= 0)
        {
            rest.Insert(0, new SpiceToken(typeText[bracket..], tokens[2].Line));
            typeText = typeText[..bracket];
        }
        if (!typeText.Equals("NMOS", StringComparison.OrdinalIgnoreCase))
        {
            Warn(card.Line, $"ignored model '{name}' of type '{typeText}': the subset reads level-1 NMOS models only");
            return;
        }
        if (_models.TryGetValue(name, out var earlier))
            throw Error(card.Line, $"duplicate model name '{name}' (already defined at line {earlier.Line})");
        var user = $"model '{name}'";
        double? threshold = null, kp = null;
        foreach (var p in SpiceParameters.Read(rest, user, Error))
        {
            var value = p.Value.ToDouble();
            switch (p.Name)
            {
                case "LEVEL" when value != 1:
                    throw Error(p.Line, $"{user} is level {p.Text}: the subset reads level-1 (Shichman-Hodges) models only");
                case "LAMBDA" when value != 0:
                    throw Error(p.Line, $"{user} has LAMBDA={p.Text}: channel-length modulation is not modelled, so LAMBDA must be 0");
                case "GAMMA" when value != 0:
                    throw Error(p.Line, $"{user} has GAMMA={p.Text}: the body effect is not modelled, so GAMMA must be 0");
                case "LEVEL" or "LAMBDA" or "GAMMA" or "PHI" or "IS":
                    break;
                case "VTO":
                    threshold = double.IsFinite(value) ? value : throw Error(p.Line, $"VTO={p.Text} of {user} is out of range");
                    break;
                case "KP":
                    kp = value > 0 && double.IsFinite(value) ? value : throw Error(p.Line, $"KP={p.Text} of {user} must be positive");
                    break;
                default:
                    throw Error(p.Line, $"parameter '{p.Name}' of {user} is not supported: the subset reads LEVEL=1, VTO, KP, LAMBDA=0, GAMMA=0, PHI and IS");
            }
        }
        if (threshold is null) throw Error(card.Line, $"{user} needs VTO, the threshold voltage: {form}");
        if (kp is null) throw Error(card.Line, $"{user} needs KP, the transconductance parameter: {form}");
        _models[name] = new SpiceModel(threshold.Value, kp.Value, card.Line);
    }

    private void ReadSource(SpiceCard card)
    {
        const string form = "a voltage source line is 'Vname node+ node- [DC] volts'";
        var name = ElementName(card);
        var tokens = card.Tokens;
        var hasDc = tokens.Count > 3 && tokens[3].Text.Equals("DC", StringComparison.OrdinalIgnoreCase);
        var valueIndex = hasDc ? 4 : 3;
        if (tokens.Count <= valueIndex) throw Error(card.Line, $"too few fields for {name}: {form}");
        if (tokens.Count > valueIndex + 1)
            throw Error(tokens[valueIndex + 1].Line, $"unexpected field '{tokens[valueIndex + 1].Text}' for {name}: {form} (DC sources only)");
        var plus = Mention(tokens[1], name);
        var minus = Mention(tokens[2], name);
        var value = tokens[valueIndex];
        var volts = Number(value, name);
        var voltage = volts.ToDouble();
        if (!double.IsFinite(voltage) || (voltage == 0.0 && !volts.IsZero))
            throw Error(value.Line, $"voltage '{value.Text}' of {name} is out of range");
        if (CircuitLimits.Voltage(voltage) is { } badVoltage) throw Error(value.Line, $"voltage '{value.Text}' of {name} {badVoltage}");
        if (plus.IsGround && minus.IsGround)
            throw Error(card.Line, $"{name} connects ground to ground ('{tokens[1].Text}' and '{tokens[2].Text}')");
        if (!plus.IsGround && !minus.IsGround)
            throw Error(card.Line, $"{name} is between '{plus.Name}' and '{minus.Name}': a source between two non-ground nodes is not supported (one terminal must be node 0)");
        plus.OnElement = minus.OnElement = true;
        // V(n+) - V(n-) = value, so a source from ground to a node holds that node at -value.
        var (held, heldAt) = minus.IsGround ? (plus, voltage) : (minus, -voltage);
        Hold(held, heldAt == 0.0 ? 0.0 : heldAt, name, card.Line);
    }

    private void Hold(SpiceNode node, double voltage, string sourceName, int line)
    {
        if (node.Held is { } other)
        {
            if (other.Voltage != voltage)
                throw Error(line, $"node '{node.Name}' is forced to {Volts(voltage)} V by {sourceName}, but {other.Source} (line {other.Line}) holds it at {Volts(other.Voltage)} V: two sources cannot force one node to different voltages");
            Warn(line, $"{sourceName} holds node '{node.Name}' at the same voltage as {other.Source} (line {other.Line}); ngspice rejects two sources in parallel");
            return;
        }
        node.Held = (voltage, sourceName, line);
    }

    /// <summary><c>*clln node &lt;name&gt; &lt;role&gt;</c>: a role SPICE cannot express, and the node's place in the order.</summary>
    private void ReadClln(SpiceCard card)
    {
        var tokens = card.Tokens; // tokens[0] is "clln"
        if (tokens.Count < 2 || !tokens[1].Text.Equals("node", StringComparison.OrdinalIgnoreCase))
        {
            Warn(card.Line, $"ignored '*{string.Join(' ', tokens.Select(t => t.Text))}': the only structured comment is '*clln node <name> <role>'");
            return;
        }
        if (tokens.Count != 4)
            throw Error(card.Line, "a structured comment is '*clln node <name> <role>', with exactly a node name and a role");
        var node = Mention(tokens[2], "*clln node");
        if (!NodeRoleExtensions.TryParse(tokens[3].Text, out var role))
            throw Error(card.Line, $"unknown role '{tokens[3].Text}' for node '{tokens[2].Text}': expected free, output, input, ground or bias");
        if (node.Marked is { } earlier)
            throw Error(card.Line, $"node '{node.Name}' already has a role from line {earlier.Line}");
        node.Marked = (role, card.Line);
    }

    private void ReadDotLine(SpiceCard card, ref int? controlLine, ref int? endLine)
    {
        switch (card.Name.ToLowerInvariant())
        {
            case ".end":
                endLine = card.Line;
                break;
            case ".op":
                break; // the operating point is what a network of resistors and sources means
            case ".model":
                ReadModel(card);
                break;
            case ".control":
                controlLine = card.Line;
                Warn(card.Line, "ignored the .control block (it holds simulator commands, not circuit elements)");
                break;
            case ".include" or ".inc" or ".lib" or ".subckt":
                throw Error(card.Line, $"'{card.Name}' is not supported: the subset reads one flat netlist, and skipping this line would change the circuit");
            default:
                Warn(card.Line, $"ignored '{card.Name}': the subset reads R, M and V elements, .model, .op and .end");
                break;
        }
    }

    private string ElementName(SpiceCard card)
    {
        var name = card.Name;
        if (SpiceNames.Problem(name) is { } problem) throw Error(card.Line, $"element name '{name}' {problem}");
        if (_elementLines.TryGetValue(name, out var line))
            throw Error(card.Line, $"duplicate element name '{name}' (already used at line {line})");
        _elementLines[name] = card.Line;
        return name;
    }

    /// <summary>The node a token names, created at its first mention; names are compared ignoring case.</summary>
    private SpiceNode Mention(SpiceToken token, string user)
    {
        if (SpiceNames.Problem(token.Text) is { } problem)
            throw Error(token.Line, $"node name '{token.Text}' of {user} {problem}");
        var isGround = SpiceNames.IsGround(token.Text);
        var key = isGround ? GroundKey : token.Text;
        if (!_nodes.TryGetValue(key, out var node))
            _nodes[key] = node = new SpiceNode(token.Text, _nodes.Count, token.Line, isGround);
        return node;
    }

    private EngineeringNumber Number(SpiceToken token, string user)
    {
        if (EngineeringNumber.TryParse(token.Text, out var number, out var problem)) return number;
        throw Error(token.Line, problem == EngineeringNumber.OutOfRange
            ? $"number '{token.Text}' for {user} is out of range"
            : $"malformed number '{token.Text}' for {user}: {problem}");
    }

    /// <summary>Roles, floating parts, then the network itself, from everything the cards said.</summary>
    private Network Assemble(int lastLine)
    {
        if (_edges.Count == 0)
            throw Error(lastLine, "the netlist has no resistor (R) lines and no transistor (M) lines, so the network would be empty");
        foreach (var node in _nodes.Values)
        {
            // In SPICE a node exists where an element uses it; ground always exists.
            if (node.Marked is { } mark && !node.OnElement && !node.IsGround)
                throw Error(mark.Line, $"'*clln node' names undefined node '{node.Name}': no element connects it");
            CheckGate(node);
        }
        // Ground is the reference, not a node, unless a resistor touches it or a comment lists it:
        // a tied-down ground node (a 0 V source from it to node 0) thus reads back without an extra node.
        var included = _nodes.Values
            .Where(n => n.GateOf is null && (!n.IsGround || n.OnEdge || n.Marked is not null))
            .OrderBy(n => n.Mention)
            .ToList();
        var nodes = included.Select(RoleOf).ToList();
        CheckNothingFloats(included);

        var builder = new NetworkBuilder();
        for (var i = 0; i < nodes.Count; i++) builder.AddNode(nodes[i], Where(included[i].Line));
        foreach (var edge in _edges)
            builder.AddEdge(edge.Name, edge.From.Name, edge.To.Name, Element(edge), Where(edge.Line));
        return builder.Build(source);
    }

    private IEdgeElement Element(SpiceEdge edge)
    {
        if (edge.Gate is not { } gate) return new Resistor(edge.Conductance);
        if (!_models.TryGetValue(gate.Model, out var model))
            throw Error(gate.ModelLine, $"{edge.Name} uses model '{gate.Model}', which no level-1 NMOS .model line defines");
        var k = model.Kp * gate.Ratio;
        if (!double.IsNormal(k)) throw Error(edge.Line, $"KP W/L of {edge.Name} is out of range");
        return new Transistor(gate.Node.Held!.Value.Voltage, model.Threshold, k);
    }

    /// <summary>A gate is held by its own source and is nothing else: not a channel terminal, not listed as a network node.</summary>
    private void CheckGate(SpiceNode node)
    {
        if (node.GateOf is not { } user) return;
        if (node.Held is null)
            throw Error(user.Line, $"the gate of {user.Element} (node '{node.Name}') is not driven by a voltage source: each transistor's gate needs its own DC source to ground");
        if (node.OnEdge)
            throw Error(user.Line, $"the gate of {user.Element} (node '{node.Name}') is also a terminal of a resistor or transistor channel: a gate must be driven only by its own DC source");
        if (node.Marked is { } mark)
            throw Error(mark.Line, $"node '{node.Name}' is the gate of {user.Element}, held by its own source: it is not a node of the network");
    }

    private Node RoleOf(SpiceNode node)
    {
        var marked = node.Marked;
        if (node.IsGround)
        {
            if (marked is { Role: not NodeRole.Ground } m)
                throw Error(m.Line, $"node '{node.Name}' is marked {m.Role.Word()}, but it is SPICE's ground node");
            return new Node(node.Name, NodeRole.Ground);
        }
        if (node.Held is { } held)
        {
            var role = marked?.Role ?? (held.Voltage == 0.0 ? NodeRole.Ground : NodeRole.Input);
            if (!role.IsHeld())
                throw Error(marked!.Value.Line, $"node '{node.Name}' is marked {role.Word()}, but {held.Source} (line {held.Line}) holds it: {role.Word()} nodes float");
            if (role == NodeRole.Ground && held.Voltage != 0.0)
                throw Error(marked!.Value.Line, $"node '{node.Name}' is marked ground, but {held.Source} (line {held.Line}) holds it at {Volts(held.Voltage)} V");
            return new Node(node.Name, role, held.Voltage);
        }
        var free = marked?.Role ?? NodeRole.Free;
        if (free.IsHeld())
            throw Error(marked!.Value.Line, $"node '{node.Name}' is marked {free.Word()}, but no voltage source holds it");
        return new Node(node.Name, free);
    }

    /// <summary>A part joined by resistors with no source or ground has no defined voltages.</summary>
    private void CheckNothingFloats(List<SpiceNode> nodes)
    {
        var index = nodes.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i);
        var parent = Enumerable.Range(0, nodes.Count).ToArray();
        int Find(int i)
        {
            while (parent[i] != i) i = parent[i] = parent[parent[i]];
            return i;
        }
        foreach (var r in _edges) parent[Find(index[r.From])] = Find(index[r.To]);
        var held = new HashSet<int>();
        for (var i = 0; i < nodes.Count; i++)
            if (nodes[i].IsGround || nodes[i].Held is not null) held.Add(Find(i));
        for (var i = 0; i < nodes.Count; i++)
        {
            var root = Find(i);
            if (held.Contains(root)) continue;
            var part = Enumerable.Range(0, nodes.Count).Where(j => Find(j) == root).Select(j => $"'{nodes[j].Name}'").ToList();
            var shown = string.Join(", ", part.Take(3)) + (part.Count > 3 ? $" and {part.Count - 3} more" : "");
            throw Error(nodes[i].Line, $"node '{nodes[i].Name}' is floating: its part of the circuit ({shown}) has no voltage source or ground, so its voltages are undefined");
        }
    }

    private void WarnIfTitleLooksLikeElement(string title)
    {
        var words = title.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length >= 4 && words[0][0] is 'R' or 'r' or 'V' or 'v')
            Warn(1, $"line 1 is the title, which SPICE ignores, yet it looks like an element: '{title.Trim()}'");
    }

    private static string Volts(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private string Where(int line) => $"{source}:{line}";

    private void Warn(int line, string message) => _warnings.Add($"{Where(line)}: {message}");

    private InvalidNetworkException Error(int line, string message) => new($"{Where(line)}: {message}");
}
