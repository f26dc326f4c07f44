using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HybridGateway.ControlPlane.Store.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class PluginRequirements : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PluginErrorsJson",
                table: "data_plane_nodes",
                type: "nvarchar(max)",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "RequiredPlugins",
                table: "config_versions",
                type: "nvarchar(max)",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PluginErrorsJson",
                table: "data_plane_nodes");

            migrationBuilder.DropColumn(
                name: "RequiredPlugins",
                table: "config_versions");
        }
    }
}
