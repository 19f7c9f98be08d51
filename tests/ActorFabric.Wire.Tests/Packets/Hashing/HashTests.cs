using System.Text;
using ActorFabric.Wire.Hashing;

namespace ActorFabric.Wire.Tests.Hashing;

public class HashTests
{
    [Theory]
    [InlineData("", 0x811c9dc5u)]
    [InlineData("a", 0xe40c292cu)]
    [InlineData("foobar", 0xbf9cf968u)]
    public void Fnv1a_32_matches_published_test_vectors(string input, uint expected)
    {
        Assert.Equal(expected, Fnv1a.Hash32(Encoding.ASCII.GetBytes(input)));
        Assert.Equal(expected, Fnv1a.Hash32(input));
    }

    [Theory]
    [InlineData("", 0xcbf29ce484222325UL)]
    [InlineData("a", 0xaf63dc4c8601ec8cUL)]
    [InlineData("foobar", 0x85944171f73967e8UL)]
    public void Fnv1a_64_matches_published_test_vectors(string input, ulong expected)
    {
        Assert.Equal(expected, Fnv1a.Hash64(Encoding.ASCII.GetBytes(input)));
        Assert.Equal(expected, Fnv1a.Hash64(input));
    }

    [Fact]
    public void Fnv1a_of_a_long_non_ascii_string_hashes_its_utf8_bytes()
    {
        string text = string.Concat(Enumerable.Repeat("leaf-😀-é-", 40));
        Assert.Equal(Fnv1a.Hash32(Encoding.UTF8.GetBytes(text)), Fnv1a.Hash32(text));
        Assert.Equal(Fnv1a.Hash64(Encoding.UTF8.GetBytes(text)), Fnv1a.Hash64(text));
    }

    [Fact]
    public void Fnv1a_incremental_equals_one_shot()
    {
        var data = Encoding.ASCII.GetBytes("spine1-leaf7");
        Assert.Equal(Fnv1a.Hash32(data), Fnv1a.Append32(Fnv1a.Hash32(data.AsSpan(0, 5)), data.AsSpan(5)));
        Assert.Equal(Fnv1a.Hash64(data), Fnv1a.Append64(Fnv1a.Hash64(data.AsSpan(0, 5)), data.AsSpan(5)));
    }

    [Fact]
    public void Crc32_matches_the_standard_check_value()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
        Assert.Equal(0u, Crc32.Compute(default));
        Assert.Equal(0x414FA339u, Crc32.Compute("The quick brown fox jumps over the lazy dog"u8));
    }

    [Fact]
    public void Crc32_append_equals_one_shot()
    {
        var data = "123456789"u8;
        Assert.Equal(Crc32.Compute(data), Crc32.Append(Crc32.Compute(data[..4]), data[4..]));
    }
}
