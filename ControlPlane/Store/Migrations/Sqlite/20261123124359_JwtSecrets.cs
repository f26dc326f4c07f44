using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HybridGateway.ControlPlane.Store.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class JwtSecrets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "jwt_secrets",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 36, nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    ConsumerId = table.Column<string>(type: "TEXT", maxLength: 36, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Document = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_jwt_secrets", x => x.Id);
                    table.ForeignKey(
                        name: "FK_jwt_secrets_consumers_ConsumerId",
                        column: x => x.ConsumerId,
                        principalTable: "consumers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_jwt_secrets_ConsumerId",
                table: "jwt_secrets",
                column: "ConsumerId");

            migrationBuilder.CreateIndex(
                name: "IX_jwt_secrets_CreatedAt",
                table: "jwt_secrets",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_jwt_secrets_Key",
                table: "jwt_secrets",
                column: "Key",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "jwt_secrets");
        }
    }
}
