/**
 * {@code type: sftp}: a directory on an SSH server such as a NAS, reached with Apache MINA SSHD
 * (no {@code ssh} subprocess), authenticated by a key, with the server's host key pinned in an
 * OpenSSH known_hosts file. Imports no sibling target package.
 */
package dev.backstop.target.sftp;
