// The real peers (gobgpd, FRR, tshark) are Debian packages: these tests only run on Linux.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
