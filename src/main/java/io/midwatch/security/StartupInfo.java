package io.midwatch.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Tells whoever started MidWatch where to find it and how to log in. */
@Component
class StartupInfo {

    private static final Logger log = LoggerFactory.getLogger(StartupInfo.class);

    private final Accounts accounts;

    StartupInfo(Accounts accounts) {
        this.accounts = accounts;
    }

    @EventListener
    void onReady(ApplicationReadyEvent event) {
        if (!(event.getApplicationContext() instanceof WebServerApplicationContext web)) {
            return;
        }
        String base = "http://localhost:" + web.getWebServer().getPort();
        log.info("""

                MidWatch is up.
                  Cockpit:  {}/camunda/app/cockpit/
                  Tasklist: {}/camunda/app/tasklist/
                  Admin:    {}/camunda/app/admin/
                  API:      {}/api/mid-servers, {}/api/clones, {}/api/issues
                  Engine:   {}/engine-rest
                  Log in as user '{}' {}""", base, base, base, base, base, base, base, accounts.administrator(),
                login(accounts.adminPassword()));
    }

    private static String login(AdminPassword password) {
        if (password.file() == null) {
            return "with the password from MIDWATCH_ADMIN_PASSWORD";
        }
        if (password.generated()) {
            // printed this once; afterwards only its owner reads it from the file
            return "with the password " + password.value() + " (generated for this embedded set-up, kept in "
                    + password.file() + ", readable by its owner only; listening on this machine only)";
        }
        return "with the password in " + password.file() + " (embedded set-up; listening on this machine only)";
    }
}
