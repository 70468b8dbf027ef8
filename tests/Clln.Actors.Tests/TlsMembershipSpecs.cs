using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Akka.Cluster;
using Clln.Cluster;
using Clln.Core.Model;

namespace Clln.Actors.Tests;

/// <summary>
/// Members that let no one else in: with <c>clln.cluster.tls</c> in the cluster file, remoting
/// runs over mutually authenticated TLS, a member holding the file's certificate joins, and a
/// process without it (no TLS at all, or another certificate) is never admitted. All on loopback.
/// </summary>
public sealed class TlsMembershipSpecs : IDisposable
{
    private const string Password = "spec-password";
    private readonly string _folder = Directory.CreateTempSubdirectory("clln-tls-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A self-signed certificate with its key, as `openssl req -x509` and `openssl pkcs12 -export` would make it.</summary>
    private string WriteCertificate(string name, bool withKey = true)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var path = Path.Combine(_folder, name + (withKey ? ".pfx" : ".cer"));
        File.WriteAllBytes(path, withKey ? certificate.Export(X509ContentType.Pfx, Password) : certificate.Export(X509ContentType.Cert));
        return path;
    }

    private string WriteClusterFile(string name, string tls)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, $$"""
            akka.remote.dot-netty.tcp.hostname = "127.0.0.1"
            clln.cluster { {{tls}} }
            """);
        return path;
    }

    private static ActorSystem Member(ClusterFile file, string? seed) =>
        file.CreateMember(MemberConfig.Build(file.Hocon, port: 0, seeds: seed is null ? null : [seed], roles: [MemberConfig.PartitionRole], downAfter: TimeSpan.FromSeconds(5)));

    private static int UpMembers(ActorSystem system) => Akka.Cluster.Cluster.Get(system).State.Members.Count(m => m.Status == MemberStatus.Up);

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the cluster did not reach the expected state");
            await Task.Delay(100);
        }
    }

    [Fact(Timeout = 90_000)]
    public async Task A_member_holding_the_certificate_joins_and_processes_without_it_are_refused()
    {
        WriteCertificate("member");
        WriteCertificate("intruder");
        var secured = ClusterFile.Load(WriteClusterFile("secured.hocon", $"""tls {"{"} certificate = "member.pfx", password = "{Password}" {"}"}"""));
        var otherCertificate = ClusterFile.Load(WriteClusterFile("intruder.hocon", $"""tls {"{"} certificate = "intruder.pfx", password = "{Password}" {"}"}"""));
        var plain = ClusterFile.Load(WriteClusterFile("plain.hocon", ""));
        Assert.NotNull(secured.Tls);
        Assert.Null(plain.Tls);

        var seed = Member(secured, seed: null);
        var systems = new List<ActorSystem> { seed };
        try
        {
            var seedCluster = Akka.Cluster.Cluster.Get(seed);
            seedCluster.Join(seedCluster.SelfAddress);
            var seedAddress = seedCluster.SelfAddress.ToString();
            await WaitForAsync(() => UpMembers(seed) == 1, TimeSpan.FromSeconds(20));

            systems.Add(Member(secured, seedAddress));
            await WaitForAsync(() => UpMembers(seed) == 2, TimeSpan.FromSeconds(30));

            var withoutTls = Member(plain, seedAddress);
            var withAnotherCertificate = Member(otherCertificate, seedAddress);
            systems.Add(withoutTls);
            systems.Add(withAnotherCertificate);
            // Long enough for several join attempts (Akka retries the seed every few seconds).
            await Task.Delay(TimeSpan.FromSeconds(10));
            Assert.Equal(2, seedCluster.State.Members.Count);
            Assert.DoesNotContain(seedCluster.State.Members, m => m.Address == Akka.Cluster.Cluster.Get(withoutTls).SelfAddress);
            Assert.DoesNotContain(seedCluster.State.Members, m => m.Address == Akka.Cluster.Cluster.Get(withAnotherCertificate).SelfAddress);
            Assert.Equal(0, UpMembers(withoutTls));
            Assert.Equal(0, UpMembers(withAnotherCertificate));
        }
        finally
        {
            await Task.WhenAll(systems.Select(s => s.Terminate().WaitAsync(TimeSpan.FromSeconds(15))));
        }
    }

    [Fact]
    public void A_certificate_that_cannot_be_used_is_one_error_naming_the_file_and_field()
    {
        WriteCertificate("member");
        WriteCertificate("public-only", withKey: false);
        var missing = Assert.Throws<BadInputException>(() => ClusterFile.Load(WriteClusterFile("a.hocon", """tls { certificate = "nowhere.pfx" }""")));
        Assert.Contains("a.hocon: clln.cluster.tls.certificate", missing.Message);
        var wrongPassword = Assert.Throws<BadInputException>(() => ClusterFile.Load(WriteClusterFile("b.hocon", """tls { certificate = "member.pfx", password = "wrong" }""")));
        Assert.Contains("b.hocon: clln.cluster.tls.certificate", wrongPassword.Message);
        var noKey = Assert.Throws<BadInputException>(() => ClusterFile.Load(WriteClusterFile("c.hocon", """tls { certificate = "public-only.cer" }""")));
        Assert.Contains("c.hocon: clln.cluster.tls.certificate", noKey.Message);
        var unsetVariable = Assert.Throws<BadInputException>(() => ClusterFile.Load(WriteClusterFile("d.hocon", """tls { certificate = "member.pfx", password-env = "CLLN_SPEC_UNSET_VARIABLE" }""")));
        Assert.Contains("d.hocon: clln.cluster.tls.password-env names CLLN_SPEC_UNSET_VARIABLE", unsetVariable.Message);
    }
}
