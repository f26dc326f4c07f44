using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HybridGateway.ControlPlane.Store.Migrations.SqlServer
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
                    Id = table.Column<string>(type: "nvarchar(36)", maxLength: 36, nullable: false),
                    Name = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    Document = table.Column<string>(type: "nvarchar(max)", nullable: false)
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
