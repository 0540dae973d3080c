#include "db/embedded_cluster.hpp"

#include "core/error.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <pwd.h>
#include <spdlog/spdlog.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace policymap::db {

namespace fs = std::filesystem;

namespace {

constexpr const char* pg_bin = "/usr/lib/postgresql/15/bin";
constexpr const char* db_name = "policymap";
constexpr const char* db_user = "policymap";

[[noreturn]] void fail(const std::string& why) {
    throw core::Error(core::ErrorKind::unavailable, "embedded-database", "embedded PostgreSQL: " + why);
}

// The account the cluster runs as: ourselves, or `postgres` when we are root.
struct RunAs {
    bool drop = false;
    uid_t uid = 0;
    gid_t gid = 0;
};

RunAs run_as() {
    RunAs r;
    if (geteuid() != 0) return r;
    const passwd* pw = getpwnam("postgres");
    if (pw == nullptr) fail("running as root needs the 'postgres' system user (installed with postgresql-15)");
    r.drop = true;
    r.uid = pw->pw_uid;
    r.gid = pw->pw_gid;
    return r;
}

// Runs a PostgreSQL tool, as `postgres` when we are root; returns its exit status.
int run_tool(const RunAs& who, const std::vector<std::string>& args, const fs::path& log) {
    pid_t pid = fork();
    if (pid < 0) fail("cannot fork");
    if (pid == 0) {
        int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
        if (fd >= 0) {
            dup2(fd, STDOUT_FILENO);
            dup2(fd, STDERR_FILENO);
            close(fd);
        }
        int devnull = open("/dev/null", O_RDONLY);
        if (devnull >= 0) dup2(devnull, STDIN_FILENO);
        if (who.drop) {
            if (setgid(who.gid) != 0 || setuid(who.uid) != 0) _exit(126);
        }
        std::vector<char*> argv;
        argv.reserve(args.size() + 1);
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        execv(argv[0], argv.data());
        _exit(127);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) fail("cannot wait for " + args[0]);
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

void give_to(const RunAs& who, const fs::path& p) {
    if (who.drop && chown(p.c_str(), who.uid, who.gid) != 0) fail("cannot hand " + p.string() + " to postgres");
}

int free_loopback_port() {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
        if (fd >= 0) close(fd);
        fail("no free loopback port");
    }
    int port = ntohs(addr.sin_port);
    close(fd);
    return port;
}

std::string random_password() {
    std::random_device rd;
    static constexpr std::string_view chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    std::string out;
    for (int i = 0; i < 32; ++i) out += chars[rd() % chars.size()];
    return out;
}

std::string make_url(int port, const std::string& password, const std::string& db) {
    return "postgresql://" + std::string(db_user) + ":" + password + "@127.0.0.1:" + std::to_string(port) + "/" + db;
}

bool reachable(const std::string& url) { return PQping(url.c_str()) == PQPING_OK; }

// An exclusive flock held for the scope: serialises start and stop decisions.
class FileLock {
public:
    FileLock(const fs::path& p, int op) : m_fd(open(p.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600)) {
        if (m_fd < 0) fail("cannot open lock file " + p.string());
        while (flock(m_fd, op) != 0) {
            if (errno != EINTR) fail("cannot lock " + p.string());
        }
    }
    ~FileLock() {
        if (m_fd >= 0) close(m_fd);
    }
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;

private:
    int m_fd;
};

struct State {
    int port = 0;
    std::string password;
};

std::optional<State> read_state(const fs::path& file) {
    std::ifstream in(file);
    if (!in) return std::nullopt;
    try {
        auto j = nlohmann::json::parse(in);
        return State{j.at("port").get<int>(), j.at("password").get<std::string>()};
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

void write_state(const fs::path& file, const State& s) {
    auto tmp = file;
    tmp += ".tmp";
    {
        int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd < 0) fail("cannot write " + tmp.string());
        nlohmann::json j{{"host", "127.0.0.1"}, {"port", s.port}, {"user", db_user}, {"password", s.password},
                         {"dbname", db_name}, {"url", make_url(s.port, s.password, db_name)}};
        auto text = j.dump(2) + "\n";
        if (write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size())) {
            close(fd);
            fail("cannot write " + tmp.string());
        }
        close(fd);
    }
    fs::rename(tmp, file);
}

void init_cluster(const RunAs& who, const fs::path& home, const fs::path& pgdata, const std::string& password) {
    fs::create_directories(pgdata);
    give_to(who, pgdata);
    chmod(pgdata.c_str(), 0700);
    auto pwfile = home / "run" / "initdb.pw";
    {
        std::ofstream out(pwfile);
        out << password << "\n";
    }
    chmod(pwfile.c_str(), 0600);
    give_to(who, pwfile);
    auto log = home / "run" / "initdb.log";
    int rc = run_tool(who,
                      {std::string(pg_bin) + "/initdb", "-D", pgdata.string(), "-U", db_user, "--pwfile=" + pwfile.string(),
                       "--auth=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8"},
                      log);
    fs::remove(pwfile);
    if (rc != 0) {
        fail("initdb failed (exit " + std::to_string(rc) + "); see " + log.string() +
             (who.drop ? " (as root the cluster runs as 'postgres', which must be able to reach " + home.string() + ")"
                       : ""));
    }
}

void start_server(const RunAs& who, const fs::path& home, const fs::path& pgdata, int port) {
    auto log = home / "run" / "postgres.log";
    std::string opts = "-c listen_addresses=127.0.0.1 -p " + std::to_string(port) +
                       " -c unix_socket_directories='' -c max_connections=200 -c shared_buffers=256MB"
                       " -c synchronous_commit=off -c jit=off";
    int rc = run_tool(who, {std::string(pg_bin) + "/pg_ctl", "-D", pgdata.string(), "-l", log.string(), "-w", "-t", "120",
                            "-o", opts, "start"},
                      home / "run" / "pg_ctl.log");
    if (rc != 0) fail("the server did not start (exit " + std::to_string(rc) + "); see " + log.string());
}

void ensure_database(const std::string& admin_url) {
    PGconn* conn = PQconnectdb(admin_url.c_str());
    if (PQstatus(conn) != CONNECTION_OK) {
        PQfinish(conn);
        fail("cannot connect to the new cluster");
    }
    PGresult* r = PQexec(conn, "SELECT 1 FROM pg_database WHERE datname = 'policymap'");
    bool exists = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1;
    PQclear(r);
    if (!exists) {
        r = PQexec(conn, "CREATE DATABASE policymap");
        bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
        PQclear(r);
        if (!ok) {
            PQfinish(conn);
            fail("cannot create the policymap database");
        }
    }
    PQfinish(conn);
}

}  // namespace

EmbeddedCluster::EmbeddedCluster(fs::path home, core::Secret url, int users_fd)
    : m_home(std::move(home)), m_url(std::move(url)), m_users_fd(users_fd) {}

std::unique_ptr<EmbeddedCluster> EmbeddedCluster::attach_or_start(const fs::path& home_in) {
    std::error_code ec;
    fs::create_directories(home_in / "run", ec);
    if (ec) fail("cannot create " + (home_in / "run").string() + ": " + ec.message());
    const fs::path home = fs::absolute(home_in);
    const RunAs who = run_as();
    give_to(who, home / "run");
    const fs::path pgdata = home / "pgdata";
    const fs::path state_file = home / "embedded.json";

    FileLock start_lock(home / "run" / "start.lock", LOCK_EX);
    auto state = read_state(state_file);
    if (!state || !reachable(make_url(state->port, state->password, "postgres"))) {
        State s;
        s.password = state ? state->password : random_password();
        if (!fs::exists(pgdata / "PG_VERSION")) {
            s.password = random_password();
            spdlog::info("creating embedded PostgreSQL cluster in {}", pgdata.string());
            init_cluster(who, home, pgdata, s.password);
        } else if (!state) {
            fail(state_file.string() + " is missing but " + pgdata.string() +
                 " exists: remove that folder to start afresh, or restore the file");
        }
        // A cluster left behind by a killed process still has its postmaster.pid:
        // pg_ctl start handles a stale one, and a live one on another port is stopped first.
        run_tool(who, {std::string(pg_bin) + "/pg_ctl", "-D", pgdata.string(), "-m", "fast", "-w", "stop"},
                 home / "run" / "pg_ctl.log");
        s.port = free_loopback_port();
        start_server(who, home, pgdata, s.port);
        write_state(state_file, s);
        ensure_database(make_url(s.port, s.password, "postgres"));
        spdlog::info("embedded PostgreSQL listening on 127.0.0.1:{}", s.port);
        state = s;
    } else {
        ensure_database(make_url(state->port, state->password, "postgres"));
        spdlog::info("using the running embedded PostgreSQL on 127.0.0.1:{}", state->port);
    }
    int users_fd = open((home / "run" / "users.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (users_fd < 0 || flock(users_fd, LOCK_SH) != 0) fail("cannot register as a user of the cluster");
    return std::unique_ptr<EmbeddedCluster>(
        new EmbeddedCluster(home, core::Secret(make_url(state->port, state->password, db_name)), users_fd));
}

core::Secret EmbeddedCluster::current_url() const {
    auto state = read_state(m_home / "embedded.json");
    return state ? core::Secret(make_url(state->port, state->password, db_name)) : m_url;
}

void EmbeddedCluster::release() {
    if (m_users_fd < 0) return;
    try {
        FileLock start_lock(m_home / "run" / "start.lock", LOCK_EX);
        // Converting our shared lock to exclusive succeeds only when nobody else holds one.
        if (flock(m_users_fd, LOCK_EX | LOCK_NB) == 0) {
            spdlog::info("stopping embedded PostgreSQL");
            run_tool(run_as(), {std::string(pg_bin) + "/pg_ctl", "-D", (m_home / "pgdata").string(), "-m", "fast", "-w", "stop"},
                     m_home / "run" / "pg_ctl.log");
        }
    } catch (const std::exception& e) {
        spdlog::warn("embedded PostgreSQL: {}", e.what());
    }
    close(m_users_fd);
    m_users_fd = -1;
}

EmbeddedCluster::~EmbeddedCluster() { release(); }

}  // namespace policymap::db
