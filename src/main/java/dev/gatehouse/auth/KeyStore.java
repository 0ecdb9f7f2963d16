package dev.gatehouse.auth;

import java.util.List;
import java.util.Optional;

/**
 * Durable teams, users and virtual keys with their limits and budgets: the admin API writes here,
 * and the in-memory {@link KeyRing} is loaded from {@link #snapshot()}. The request path never
 * reads a store.
 *
 * <p>Every method blocks (JDBC): call it from a worker thread, never an event loop. Each write is
 * one transaction: it happens whole or not at all. Writes that name a team or user that does not
 * exist throw {@link UnknownReference} and write nothing; a write that names one and a delete of it
 * are serialized, so a key or user can never end up naming a deleted team or user.
 * Implementations are thread-safe.
 */
public interface KeyStore {

    /** Everything the key ring needs, read in one transaction so it is consistent. */
    record Snapshot(List<Team> teams, List<User> users, List<VirtualKey> keys) {}

    Snapshot snapshot();

    /**
     * The change sequence: a number that every committed write (create, update, change, revoke,
     * delete of a team, user or key) moves forward, in the write's own transaction; a write that
     * fails leaves it. Read it before {@link #snapshot()}: that snapshot then holds every change up to
     * it. Instances poll it to learn of changes the change bus did not bring.
     */
    long changeSequence();

    Team createTeam(Team team);

    /** Replaces the team with this id; empty when there is none. */
    Optional<Team> updateTeam(Team team);

    /**
     * Reads, changes and writes back one team in one transaction with its row locked, so two
     * concurrent changes (two PATCHes) cannot lose either. Empty when the team does not exist.
     */
    Optional<Team> changeTeam(String id, java.util.function.UnaryOperator<Team> change);

    Optional<Team> team(String id);

    /**
     * Deletes the team, in one transaction that first checks nothing live belongs to it. Revoked
     * keys that named it stay listed, with their team cleared (a key may only name a team that
     * exists; usage records and the audit log keep the id as history).
     *
     * @return false when there is no team with this id
     * @throws StillInUse when non-revoked keys or users name it; nothing is deleted
     */
    boolean deleteTeam(String id);

    List<Team> teams();

    User createUser(User user);

    Optional<User> updateUser(User user);

    /** As {@link #changeTeam}, for a user. */
    Optional<User> changeUser(String id, java.util.function.UnaryOperator<User> change);

    Optional<User> user(String id);

    /** As {@link #deleteTeam}, for a user: non-revoked keys that name it block the delete. */
    boolean deleteUser(String id);

    List<User> users();

    VirtualKey createKey(VirtualKey key);

    /** As {@link #changeTeam}, for a key. */
    Optional<VirtualKey> changeKey(String id, java.util.function.UnaryOperator<VirtualKey> change);

    Optional<VirtualKey> key(String id);

    /** Every key, revoked ones included, oldest first. */
    List<VirtualKey> keys();
}
