package dev.backstop.target.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.testing.RequiresService;
import dev.backstop.testing.Services;
import java.net.StandardSocketOptions;
import org.apache.sshd.common.io.nio2.Nio2Session;
import org.apache.sshd.sftp.client.SftpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The one connection of an SFTP target shared by the thread that uploads and the one that
 * verifies, on the real OpenSSH server of the test machine: each caller gets a channel of its
 * own, no more stay open than are in use, and a late failure report of a dropped connection
 * leaves its replacement alone.
 */
@RequiresService(Services.Sshd.class)
class SftpConnectionTest {

    SftpConnection connection;

    @BeforeEach
    void connect() {
        connection = new SftpConnection(TestSshd.config("nas", TestSshd.USER, TestSshd.PATH, TestSshd.key("id_ed25519"),
                TestSshd.KNOWN_HOSTS, SftpConfig.Verify.REMOTE_HASH), System::getenv);
    }

    @AfterEach
    void close() {
        if (connection != null) {
            connection.close();
        }
    }

    @Test
    void acquire_whileAnotherCallerHoldsAChannel_opensASecondOnTheSameConnection() throws Exception {
        SftpClient first = connection.acquire();

        SftpClient second = connection.acquire();

        assertThat(second).isNotSameAs(first);
        assertThat(second.getClientSession()).isSameAs(first.getClientSession());
        // released while another is held, a channel closes; the last one released serves the next call
        connection.release(second);
        assertThat(second.isOpen()).isFalse();
        connection.release(first);
        assertThat(connection.acquire()).isSameAs(first);
    }

    @Test
    void acquire_socketSendsSmallRequestsAtOnce() throws Exception {
        SftpClient sftp = connection.acquire();

        // Nagle's algorithm off: a small request never waits for the acknowledgement of the one before
        Nio2Session io = (Nio2Session) sftp.getClientSession().getIoSession();
        assertThat(io.getSocket().getOption(StandardSocketOptions.TCP_NODELAY)).isTrue();
    }

    @Test
    void reset_byAChannelOfAConnectionAlreadyReplaced_leavesTheNewConnectionOpen() throws Exception {
        // given one thread's transport failure dropped the connection and another thread connected again
        SftpClient old = connection.acquire();
        connection.reset(old);
        SftpClient fresh = connection.acquire();

        // when the first thread's late report of the same failure arrives
        connection.reset(old);

        // then
        assertThat(fresh.getClientSession()).isNotSameAs(old.getClientSession());
        assertThat(fresh.isOpen()).isTrue();
        assertThat(fresh.stat(".").isDirectory()).isTrue();
    }
}
