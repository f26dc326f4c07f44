using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HybridGateway.ControlPlane.Store.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "config_state",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Revision = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_config_state", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "config_versions",
                columns: table => new
                {
                    Version = table.Column<long>(type: "INTEGER", nullable: false),
                    Revision = table.Column<long>(type: "INTEGER", nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    CompressedSize = table.Column<long>(type: "INTEGER", nullable: false),
                    Snapshot = table.Column<byte[]>(type: "BLOB", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    PublishedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_config_versions", x => x.Version);
                });

            migrationBuilder.CreateTable(
                name: "consumers",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 36, nullable: false),
                    Username = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    CustomId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Document = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_consumers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "data_plane_nodes",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 36, nullable: false),
                    Hostname = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    SoftwareVersion = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    AppliedVersion = table.Column<long>(type: "INTEGER", nullable: true),
                    AppliedHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    LastApplyError = table.Column<string>(type: "TEXT", nullable: true),
                    LastFailedVersion = table.Column<long>(type: "INTEGER", nullable: true),
                    PluginsJson = table.Column<string>(type: "TEXT", nullable: false),
                    LastSeen = table.Column<long>(type: "INTEGER", nullable: false),
                    ReportedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_data_plane_nodes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "services",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 36, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Document = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_services", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "tags",
                columns: table => new
                {
                    EntityId = table.Column<string>(type: "TEXT", maxLength: 36, nullable: false),
                    Tag = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    EntityType = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tags", x => new { x.EntityId, x.Tag });
                });

            migrationBuilder.CreateTable(
                name: "routes",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 36, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    ServiceId = table.Column<string>(type: "TEXT", maxLength: 36, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Document = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_routes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_routes_services_ServiceId",
                        column: x => x.ServiceId,
                        principalTable: "services",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "plugins",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 36, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    InstanceName = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    ServiceId = table.Column<string>(type: "TEXT", maxLength: 36, nullable: true),
                    RouteId = table.Column<string>(type: "TEXT", maxLength: 36, nullable: true),
                    ConsumerId = table.Column<string>(type: "TEXT", maxLength: 36, nullable: true),
                    CacheKey = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Document = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_plugins", x => x.Id);
                    table.ForeignKey(
                        name: "FK_plugins_consumers_ConsumerId",
                        column: x => x.ConsumerId,
                        principalTable: "consumers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_plugins_routes_RouteId",
                        column: x => x.RouteId,
                        principalTable: "routes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_plugins_services_ServiceId",
                        column: x => x.ServiceId,
                        principalTable: "services",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.InsertData(
                table: "config_state",
                columns: new[] { "Id", "Revision" },
                values: new object[] { 1, 0L });

            migrationBuilder.CreateIndex(
                name: "IX_config_versions_PublishedAt",
                table: "config_versions",
                column: "PublishedAt");

            migrationBuilder.CreateIndex(
                name: "IX_config_versions_Revision",
                table: "config_versions",
                column: "Revision");

            migrationBuilder.CreateIndex(
                name: "IX_consumers_CreatedAt",
                table: "consumers",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_consumers_CustomId",
                table: "consumers",
                column: "CustomId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_consumers_Username",
                table: "consumers",
                column: "Username",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_plugins_CacheKey",
                table: "plugins",
                column: "CacheKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_plugins_ConsumerId",
                table: "plugins",
                column: "ConsumerId");

            migrationBuilder.CreateIndex(
                name: "IX_plugins_CreatedAt",
                table: "plugins",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_plugins_InstanceName",
                table: "plugins",
                column: "InstanceName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_plugins_RouteId",
                table: "plugins",
                column: "RouteId");

            migrationBuilder.CreateIndex(
                name: "IX_plugins_ServiceId",
                table: "plugins",
                column: "ServiceId");

            migrationBuilder.CreateIndex(
                name: "IX_routes_CreatedAt",
                table: "routes",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_routes_Name",
                table: "routes",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_routes_ServiceId",
                table: "routes",
                column: "ServiceId");

            migrationBuilder.CreateIndex(
                name: "IX_services_CreatedAt",
                table: "services",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_services_Name",
                table: "services",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_tags_Tag_EntityType",
                table: "tags",
                columns: new[] { "Tag", "EntityType" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "config_state");

            migrationBuilder.DropTable(
                name: "config_versions");

            migrationBuilder.DropTable(
                name: "data_plane_nodes");

            migrationBuilder.DropTable(
                name: "plugins");

            migrationBuilder.DropTable(
                name: "tags");

            migrationBuilder.DropTable(
                name: "consumers");

            migrationBuilder.DropTable(
                name: "routes");

            migrationBuilder.DropTable(
                name: "services");
        }
    }
}
