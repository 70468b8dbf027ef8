namespace Clln.Actors.Serialization;

/// <summary>
/// Marks a message of the engine's protocol. Every such type is a MessagePack object listed in
/// <see cref="ProtocolRegistry"/>, so it can cross a process boundary through <see cref="CllnSerializer"/>.
/// </summary>
public interface IEngineMessage;
