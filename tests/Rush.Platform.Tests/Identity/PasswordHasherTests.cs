using Rush.Platform.Identity;

namespace Rush.Platform.Tests.Identity;

public sealed class PasswordHasherTests
{
    [Fact]
    public void Right_password_verifies_and_wrong_one_does_not()
    {
        var stored = PasswordHasher.Hash("correct horse", 10_000);

        Assert.True(PasswordHasher.Verify("correct horse", stored));
        Assert.False(PasswordHasher.Verify("correct horsE", stored));
    }

    [Fact]
    public void Same_password_hashes_differently_each_time()
    {
        Assert.NotEqual(PasswordHasher.Hash("pw", 10_000), PasswordHasher.Hash("pw", 10_000));
    }

    [Fact]
    public void Hash_records_its_iterations_so_weaker_hashes_are_flagged_for_rehash()
    {
        var stored = PasswordHasher.Hash("pw", 10_000);

        Assert.StartsWith("pbkdf2-sha256$10000$", stored, StringComparison.Ordinal);
        Assert.True(PasswordHasher.NeedsRehash(stored, 20_000));
        Assert.False(PasswordHasher.NeedsRehash(stored, 10_000));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain-text-password")]
    [InlineData("pbkdf2-sha256$x$AAAA$AAAA")]
    [InlineData("pbkdf2-sha256$1000$not base64!$AAAA")]
    [InlineData("md5$1000$AAAA$AAAA")]
    public void Malformed_stored_hashes_never_verify(string stored)
    {
        Assert.False(PasswordHasher.Verify("plain-text-password", stored));
        Assert.True(PasswordHasher.NeedsRehash(stored, 10_000));
    }
}
