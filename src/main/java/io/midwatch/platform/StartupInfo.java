package io.midwatch.platform;

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

    private final AdminAccount adminAccount;

    StartupInfo(AdminAccount adminAccount) {
        this.adminAccount = adminAccount;
    }

    @EventListener
    void onReady(ApplicationReadyEvent event) {
        if (!(event.getApplicationContext() instanceof WebServerApplicationContext web)) {
            return;
        }
        String base = "http://localhost:" + web.getWebServer().getPort();
        String login = adminAccount.usesBuiltInPassword()
                ? "user '" + adminAccount.userId() + "', password '" + AdminProperties.EMBEDDED_PASSWORD
                        + "' (built-in password of the embedded set-up: for trying MidWatch only)"
                : "user '" + adminAccount.userId() + "' with the password from MIDWATCH_ADMIN_PASSWORD";
        log.info("""

                MidWatch is up.
                  Cockpit:  {}/camunda/app/cockpit/
                  Tasklist: {}/camunda/app/tasklist/
                  Admin:    {}/camunda/app/admin/
                  API:      {}/api/mid-servers, {}/api/clones, {}/api/issues
                  Engine:   {}/engine-rest
                  Log in as {}""", base, base, base, base, base, base, base, login);
    }
}
