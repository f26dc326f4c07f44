using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HybridGateway.ControlPlane.Store.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class BasicAuthCredentials : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "basicauth_credentials",
                columns: table => new
                {
                    Id = table.Column<string>(type: "nvarchar(36)", maxLength: 36, nullable: false),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    Document = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    username = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    ConsumerId = table.Column<string>(type: "nvarchar(36)", maxLength: 36, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_basicauth_credentials", x => x.Id);
                    table.ForeignKey(
                        name: "FK_basicauth_credentials_consumers_ConsumerId",
                        column: x => x.ConsumerId,
                        principalTable: "consumers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_basicauth_credentials_ConsumerId",
                table: "basicauth_credentials",
                column: "ConsumerId");

            migrationBuilder.CreateIndex(
                name: "IX_basicauth_credentials_CreatedAt",
                table: "basicauth_credentials",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_basicauth_credentials_username",
                table: "basicauth_credentials",
                column: "username",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "basicauth_credentials");
        }
    }
}
