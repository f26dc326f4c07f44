using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HybridGateway.ControlPlane.Store.Migrations.SqlServer
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
                type: "nvarchar(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Signature",
                table: "config_versions",
                type: "nvarchar(256)",
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
