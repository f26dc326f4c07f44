using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HybridGateway.ControlPlane.Store.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CustomPlugins : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "custom_plugins",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 36, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Document = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_custom_plugins", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_custom_plugins_CreatedAt",
                table: "custom_plugins",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_custom_plugins_Name",
                table: "custom_plugins",
                column: "Name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "custom_plugins");
        }
    }
}
