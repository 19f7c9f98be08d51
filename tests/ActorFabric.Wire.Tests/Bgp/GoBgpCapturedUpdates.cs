namespace ActorFabric.Wire.Tests.Bgp;

/// <summary>
/// UPDATE bodies (after the 19-octet header) that GoBGP 3.10 (Debian gobgpd) sent to a bare BGP listener on 127.0.0.1
/// (iBGP, AS 65000, router ID 10.0.0.1, next hop 10.0.0.1). Routes were originated with
/// <c>gobgp global rib -a evpn add a-d esi TYPE … | esi 10.0.0.1 esi TYPE …</c> and
/// <c>gobgp global rib -a ipv4-flowspec add match destination 10.9.0.0/24 then color 100</c>; a global export policy
/// added <c>soo:65000:100</c>, <c>soo:10.0.0.1:7</c> and <c>soo:64086.59904:9</c> (4-octet AS 4200000000, asdot) to
/// routes whose RT matched 65000:9x. GoBGP is the encoder here, so these check our decoder against another
/// implementation's bytes. GoBGP 3.10 cannot originate the DF Election EC nor an ESI label with the single-active bit.
/// </summary>
internal static class GoBgpCapturedUpdates
{
    /// <summary>Type 1 per-EVI, ESI type 0 (arbitrary 11:22:…:99), RD 10.0.0.1:100, label 10100.</summary>
    public const string AdArbitraryEsi = "000000484001010240020040050400000064800e24001946040a00000100011900010a00000100640011223344556677889900000000002774c010100002fde800000064030c000000000008";
    /// <summary>Type 1 per-ES, ESI type 1 (LACP aa:bb:cc:dd:ee:ff port key 100), tag MAX-ET, ESI label EC.</summary>
    public const string AdLacpEsi = "000000504001010240020040050400000064800e24001946040a00000100011900010a000001000101aabbccddeeff006400ffffffff000000c010180002fde800000064030c0000000000080601000000000000";
    /// <summary>Type 1 per-EVI, ESI type 2 (MSTP root bridge 02:00:00:00:00:02 priority 32768).</summary>
    public const string AdMstpEsi = "000000484001010240020040050400000064800e24001946040a00000100011900010a00000100640202000000000280000000000000002774c010100002fde800000064030c000000000008";
    /// <summary>Type 4, ESI type 3 (MAC 02:00:00:00:00:03 discriminator 1193046), ES-Import RT, three SoO layouts.</summary>
    public const string EsMacEsi = "000000664001010240020040050400000064800e22001946040a00000100041700010a000001000103020000000003123456200a000001c010300002fde80000005a030c00000000000806020200000000030003fde80000006401030a00000100070203fa56ea000009";
    /// <summary>Type 4, ESI type 4 (router ID 10.0.0.4 discriminator 7), three SoO layouts.</summary>
    public const string EsRouterIdEsi = "0000005e4001010240020040050400000064800e22001946040a00000100041700010a0000010001040a0000040000000700200a000001c010280002fde80000005b030c0000000000080003fde80000006401030a00000100070203fa56ea000009";
    /// <summary>Type 4, ESI type 5 (AS 4200000000 discriminator 9), three SoO layouts.</summary>
    public const string EsAsEsi = "0000005e4001010240020040050400000064800e22001946040a00000100041700010a000001000105fa56ea000000000900200a000001c010280002fde80000005c030c0000000000080003fde80000006401030a00000100070203fa56ea000009";
    /// <summary>IPv4 flowspec (AFI 1 / SAFI 133) destination 10.9.0.0/24 with the Color EC 100 (RFC 9012 §4.3).</summary>
    public const string FlowspecColor = "000000274001010240020040050400000064800e0b00018500000501180a0900c01008030b000000000064";

    public static byte[] Message(string body) => Convert.FromHexString("ffffffffffffffffffffffffffffffff" + (19 + body.Length / 2).ToString("x4") + "02" + body);
}
