package io.midwatch;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class MidWatchApplication {

    public static void main(String[] args) {
        SpringApplication.run(MidWatchApplication.class, args);
    }
}
