using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Configuration;
using Akka.Event;
using Akka.Remote.Transport.DotNetty;
using Clln.Core.Model;

namespace Clln.Cluster;

/// <summary>
/// Remoting over TLS with mutual authentication, for members that must let no one else in
/// (<c>clln.cluster.tls</c> in a cluster file). The certificate is the membership credential:
/// every member presents it, and a peer is accepted only when the certificate it presents is one
/// the file trusts: the member's own (all members share one certificate) or one listed by its
/// SHA-256 fingerprint. A process without a certificate cannot even finish the handshake.
/// </summary>
/// <remarks>
/// Pinning instead of chain validation lets a group use a self-signed certificate that no machine
/// trusts; a group with its own authority can list each member's fingerprint instead.
/// </remarks>
public sealed record MemberTls(X509Certificate2 Certificate, IReadOnlySet<string> TrustedFingerprints)
{
    /// <summary>Turns TLS on in Akka's transport; the certificate itself comes through <see cref="Setup"/>.</summary>
    public const string Hocon = "akka.remote.dot-netty.tcp.enable-ssl = true";

    /// <summary>
    /// The <c>clln.cluster.tls</c> section of <paramref name="config"/>, or null when the file names
    /// no certificate. <c>certificate</c> is a PKCS#12 file (with its private key), relative to
    /// the cluster file; its password is <c>password</c>, or better the environment variable named
    /// by <c>password-env</c>, so no secret needs to sit in the file.
    /// </summary>
    public static MemberTls? Load(Config config, string clusterFile)
    {
        const string section = "clln.cluster.tls";
        var certificatePath = config.GetString($"{section}.certificate", null);
        if (string.IsNullOrWhiteSpace(certificatePath)) return null;
        var fullPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(clusterFile)) ?? ".", certificatePath);
        var password = config.GetString($"{section}.password", null);
        if (config.GetString($"{section}.password-env", null) is { Length: > 0 } variable)
            password = Environment.GetEnvironmentVariable(variable)
                ?? throw new BadInputException($"{clusterFile}: {section}.password-env names {variable}, which is not set");

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(fullPath, password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new BadInputException($"{clusterFile}: {section}.certificate {fullPath}: cannot load it as a PKCS#12 certificate with its key: {e.Message.Split('\n')[0]}");
        }
        if (!certificate.HasPrivateKey)
            throw new BadInputException($"{clusterFile}: {section}.certificate {fullPath}: holds no private key (a member must prove it owns the certificate)");

        var trusted = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { Fingerprint(certificate) };
        foreach (var listed in config.GetStringList($"{section}.trusted-fingerprints", []))
            trusted.Add(listed.Replace(":", "", StringComparison.Ordinal));
        return new MemberTls(certificate, trusted);
    }

    /// <summary>The certificate's SHA-256 fingerprint in hex, as `openssl x509 -fingerprint -sha256` prints it without colons.</summary>
    public static string Fingerprint(X509Certificate certificate) => certificate.GetCertHashString(HashAlgorithmName.SHA256);

    /// <summary>Akka's TLS setup: this member's certificate, mutual authentication, and the pinning check for peers.</summary>
    public DotNettySslSetup Setup() => new(Certificate, suppressValidation: false, requireMutualAuthentication: true, customValidator: AcceptPeer);

    private bool AcceptPeer(X509Certificate2? certificate, X509Chain? chain, string remotePeer, SslPolicyErrors errors, ILoggingAdapter log)
    {
        if (certificate is not null && TrustedFingerprints.Contains(Fingerprint(certificate))) return true;
        log.Warning("Refused a TLS peer {0}: its certificate is not one this cluster trusts", remotePeer);
        return false;
    }
}
