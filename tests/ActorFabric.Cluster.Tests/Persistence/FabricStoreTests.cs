using ActorFabric.Cluster.Persistence;
using Akka.Actor;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ActorFabric.Cluster.Tests.Persistence;

public class FabricStoreTests
{
    [Fact]
    public void A_sqlite_path_is_taken_relative_to_the_working_directory()
    {
        var store = FabricStore.Parse("sqlite:state/fabric.db");

        Assert.Equal(FabricStoreKind.Sqlite, store.Kind);
        Assert.Equal(Path.GetFullPath("state/fabric.db"), new SqliteConnectionStringBuilder(store.ConnectionString).DataSource);
        Assert.Equal("sqlite:state/fabric.db", store.Display);
        Assert.Equal(FabricStore.SqliteProvider, store.ProviderName);
    }

    [Fact]
    public void A_postgres_url_becomes_an_npgsql_connection_string()
    {
        var store = FabricStore.Parse("postgres://fabric:s3cret@db.example:6543/actorfabric");

        Assert.Equal(FabricStoreKind.Postgres, store.Kind);
        var connection = new NpgsqlConnectionStringBuilder(store.ConnectionString);
        Assert.Equal("db.example", connection.Host);
        Assert.Equal(6543, connection.Port);
        Assert.Equal("fabric", connection.Username);
        Assert.Equal("s3cret", connection.Password);
        Assert.Equal("actorfabric", connection.Database);
        Assert.Equal(FabricStore.PostgresProvider, store.ProviderName);
    }

    [Theory]
    [InlineData("postgresql://fabric:pw@10.0.0.5/fabric", "10.0.0.5")]
    [InlineData("postgres://fabric:pw@db/fabric", "db")]
    [InlineData("POSTGRES://fabric:pw@[::1]/fabric", "::1")]
    public void The_port_defaults_to_5432_and_both_schemes_are_accepted(string value, string host)
    {
        var connection = new NpgsqlConnectionStringBuilder(FabricStore.Parse(value).ConnectionString);

        Assert.Equal(5432, connection.Port);
        Assert.Equal(host, connection.Host);
    }

    [Fact]
    public void Escaped_characters_in_user_password_and_database_are_decoded()
    {
        var connection = new NpgsqlConnectionStringBuilder(FabricStore.Parse("postgres://fab%40ric:p%3Aw%40rd%2F%25@db:5432/my%20db").ConnectionString);

        Assert.Equal("fab@ric", connection.Username);
        Assert.Equal("p:w@rd/%", connection.Password);
        Assert.Equal("my db", connection.Database);
    }

    [Fact]
    public void Npgsql_options_may_follow_the_database()
    {
        var store = FabricStore.Parse("postgres://fabric:pw@db/fabric?sslmode=require&Timeout=7");

        var connection = new NpgsqlConnectionStringBuilder(store.ConnectionString);
        Assert.Equal(SslMode.Require, connection.SslMode);
        Assert.Equal(7, connection.Timeout);
        Assert.Equal("postgres://fabric:***@db:5432/fabric?sslmode=require&Timeout=7", store.Display);
    }

    [Theory]
    [InlineData("postgres://fabric:s3cret@db:5432/fabric", "postgres://fabric:***@db:5432/fabric")]
    [InlineData("postgresql://fabric:s3cret@db/fabric", "postgresql://fabric:***@db:5432/fabric")]
    [InlineData("postgres://fabric@db/fabric", "postgres://fabric@db:5432/fabric")]
    [InlineData("postgres://fabric:pw@db/fabric?Password=s3cret", "postgres://fabric:***@db:5432/fabric?Password=***")]
    public void The_display_form_hides_the_password(string value, string display)
    {
        var store = FabricStore.Parse(value);

        Assert.Equal(display, store.Display);
        Assert.Equal(display, store.ToString());
        Assert.DoesNotContain("s3cret", store.Display);
    }

    [Theory]
    [InlineData("mysql://x", "unknown scheme 'mysql'")]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("fabric.db", "no scheme")]
    [InlineData(":fabric.db", "no scheme")]
    [InlineData("sqlite:", "missing the file path")]
    [InlineData("postgres:fabric@db/fabric", "expected 'postgres://'")]
    [InlineData("postgres://db:5432/fabric", "missing the user")]
    [InlineData("postgres://:pw@db:5432/fabric", "missing the user")]
    [InlineData("postgres://fabric:pw@db:5432", "missing the database name")]
    [InlineData("postgres://fabric:pw@db:5432/", "missing the database name")]
    [InlineData("postgres://fabric:pw@db/a/b", "not a database name")]
    [InlineData("postgres://fabric:pw@db:99999/fabric", "not a valid URL")]
    [InlineData("postgres://fabric:pw@db:0/fabric", "port 0")]
    [InlineData("postgres://fabric:pw@db/fabric#x", "'#'")]
    [InlineData("postgres://fabric:pw@db/fabric?nosuchoption=1", "option 'nosuchoption'")]
    [InlineData("postgres://fabric:pw@db/fabric?sslmode", "not KEY=VALUE")]
    public void Bad_text_is_a_format_exception_naming_the_value_and_the_problem(string value, string problem)
    {
        var error = Assert.Throws<FormatException>(() => FabricStore.Parse(value));

        // The value as given, but for its password.
        Assert.StartsWith($"--store '{value.Replace(":pw@", ":***@", StringComparison.Ordinal)}': ", error.Message);
        Assert.Contains(problem, error.Message);
        Assert.EndsWith("use sqlite:PATH or postgres://USER:PASSWORD@HOST:PORT/DB", error.Message);
    }

    [Fact]
    public void The_unknown_scheme_message_reads_as_documented()
        => Assert.Equal(
            "--store 'mysql://x': unknown scheme 'mysql'; use sqlite:PATH or postgres://USER:PASSWORD@HOST:PORT/DB",
            Assert.Throws<FormatException>(() => FabricStore.Parse("mysql://x")).Message);

    [Fact]
    public void A_directory_is_not_a_sqlite_database()
    {
        var folder = Directory.CreateTempSubdirectory("actorfabric-store-").FullName;
        try
        {
            Assert.Contains("is a directory", Assert.Throws<FormatException>(() => FabricStore.Parse("sqlite:" + folder)).Message);
        }
        finally
        {
            Directory.Delete(folder);
        }
    }

    [Fact]
    public void Error_messages_hide_the_password()
    {
        var error = Assert.Throws<FormatException>(() => FabricStore.Parse("postgres://fabric:s3cret@db:99999/fabric"));

        Assert.DoesNotContain("s3cret", error.Message);
        Assert.Contains("postgres://fabric:***@db:99999/fabric", error.Message);
    }

    [Fact]
    public void The_config_makes_the_sql_plugin_journal_and_snapshot_store_on_our_tables()
    {
        var store = FabricStore.Parse("postgres://fabric:pw@db/fabric");
        var config = store.ToConfig();

        Assert.Equal("akka.persistence.journal.sql", config.GetString("akka.persistence.journal.plugin"));
        Assert.Equal("akka.persistence.snapshot-store.sql", config.GetString("akka.persistence.snapshot-store.plugin"));
        foreach (var plugin in new[] { "akka.persistence.journal.sql", "akka.persistence.snapshot-store.sql" })
        {
            Assert.Equal(store.ConnectionString, config.GetString(plugin + ".connection-string"));
            Assert.Equal(FabricStore.PostgresProvider, config.GetString(plugin + ".provider-name"));
            Assert.True(config.GetBoolean(plugin + ".auto-initialize"));
            Assert.Equal("default", config.GetString(plugin + ".table-mapping"));
            Assert.StartsWith("Akka.Persistence.Sql.", config.GetString(plugin + ".class"));
        }
        Assert.Equal(FabricStore.JournalTable, config.GetString("akka.persistence.journal.sql.default.journal.table-name"));
        Assert.Equal(FabricStore.SnapshotTable, config.GetString("akka.persistence.snapshot-store.sql.default.snapshot.table-name"));
        Assert.False(config.GetBoolean("akka.persistence.snapshot-store.sql.snapshot-is-optional"));
    }

    [Fact]
    public void Any_connection_string_survives_the_hocon()
    {
        var store = FabricStore.Parse("postgres://fab%22ric:a%5Cb%22c%24%7B%7D%0A@db/fabric");

        Assert.Equal(store.ConnectionString, store.ToConfig().GetString("akka.persistence.journal.sql.connection-string"));
        Assert.Equal("a\\b\"c${}\n", new NpgsqlConnectionStringBuilder(store.ConnectionString).Password);
    }

    [Fact]
    public void Device_records_and_memory_are_bound_to_the_device_record_serializer()
    {
        using var system = ActorSystem.Create("store-config", FabricStore.Parse("sqlite:unused.db").ToConfig());
        var serialization = system.Serialization;

        foreach (var value in new object[] { new HostLocated("leaf1", 1), new DeviceConfigured("d:leaf1", "x"), DeviceMemory.Empty })
        {
            var serializer = serialization.FindSerializerFor(value);
            Assert.IsType<DeviceRecordSerializer>(serializer);
            Assert.Equal(DeviceRecordSerializer.Id, serializer.Identifier);
        }
        system.Terminate().Wait(TimeSpan.FromSeconds(10));
    }
}
