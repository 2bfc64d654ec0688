import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;

/**
 * Creates the quick start's sample data when it is absent: a SQLite database with a few
 * hundred rows and a folder of files. Run with the backstop jar on the class path (it holds
 * the SQLite driver): java -cp target/backstop.jar quickstart/CreateSampleData.java DIR
 */
public class CreateSampleData {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Path files = dir.resolve("files");
        Files.createDirectories(files.resolve("invoices/2025"));
        Files.createDirectories(files.resolve("avatars"));
        for (int i = 1; i <= 40; i++) {
            Files.writeString(files.resolve("invoices/2025/invoice-" + i + ".txt"),
                    "Invoice " + i + "\nAmount: " + (i * 37 % 500) + ".00 EUR\n".repeat(20), StandardCharsets.UTF_8);
        }
        Files.writeString(files.resolve("avatars/Zoë Müller.txt"), "a name with spaces and non-ASCII\n");
        Files.writeString(files.resolve("scratch.tmp"), "excluded by the configuration\n");
        Path db = dir.resolve("app.db");
        if (Files.exists(db)) {
            return;
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT)");
                s.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(id),"
                        + " total_cents INTEGER, created TEXT)");
            }
            c.setAutoCommit(false);
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO customers (name, email) VALUES (?, ?)")) {
                for (int i = 1; i <= 200; i++) {
                    ins.setString(1, "Customer " + i);
                    ins.setString(2, "customer" + i + "@example.com");
                    ins.addBatch();
                }
                ins.executeBatch();
            }
            try (PreparedStatement ins = c.prepareStatement(
                    "INSERT INTO orders (customer_id, total_cents, created) VALUES (?, ?, datetime('now'))")) {
                for (int i = 1; i <= 1000; i++) {
                    ins.setInt(1, i % 200 + 1);
                    ins.setInt(2, i * 731 % 100000);
                    ins.addBatch();
                }
                ins.executeBatch();
            }
            c.commit();
        }
    }
}
