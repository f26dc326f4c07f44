using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HybridGateway.ControlPlane.Store.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CaCertificates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ca_certificates",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 36, nullable: false),
                    CertDigest = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Document = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ca_certificates", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ca_certificates_CertDigest",
                table: "ca_certificates",
                column: "CertDigest",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ca_certificates_CreatedAt",
                table: "ca_certificates",
                column: "CreatedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ca_certificates");
        }
    }
}
