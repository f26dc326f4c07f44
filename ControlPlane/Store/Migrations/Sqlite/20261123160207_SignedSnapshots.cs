using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HybridGateway.ControlPlane.Store.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SignedSnapshots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ClusterKeyId",
                table: "config_versions",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Signature",
                table: "config_versions",
                type: "TEXT",
                maxLength: 256,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ClusterKeyId",
                table: "config_versions");

            migrationBuilder.DropColumn(
                name: "Signature",
                table: "config_versions");
        }
    }
}
