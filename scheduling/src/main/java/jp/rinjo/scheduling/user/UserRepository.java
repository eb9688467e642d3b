package jp.rinjo.scheduling.user;

import java.util.List;
import java.util.Optional;

import jp.rinjo.common.id.UserId;

public interface UserRepository {
    /** @throws jp.rinjo.common.error.RinjoException CONFLICT when the login name is taken */
    void insert(User user);

    void update(User user);

    Optional<User> find(UserId id);

    Optional<User> findByLogin(String loginName);

    List<User> all();

    long count();
}
