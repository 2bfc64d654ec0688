package dev.backstop.target.sftp;


/**
 * The whole target contract again as a chrooted, SFTP-only account (ForceCommand internal-sftp,
 * no shell: as on many NAS setups) with {@code verify: auto}, which has to stay with read-back
 * there because no remote hash can ever be proven.
 */
class SftpChrootTargetTest extends SftpTargetTest {

    @Override
    protected String user() {
        return TestSshd.CHROOT_USER;
    }

    @Override
    protected SftpConfig.Verify verify() {
        return SftpConfig.Verify.AUTO;
    }
}
