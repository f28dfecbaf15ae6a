package io.midwatch.forecast;

import java.time.Clock;
import java.util.Set;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import io.midwatch.issue.Issue;
import io.midwatch.issue.IssueFilter;
import io.midwatch.issue.IssueService;

/**
 * After the clone check's second pass: per forecast MID Server, whether the passes logged an issue for it,
 * kept with the forecast and counted by verdict, so that the forecast's accuracy is measured on real clones.
 */
@Component("compareCloneForecast")
class CompareCloneForecast implements JavaDelegate {

    private static final Logger log = LoggerFactory.getLogger(CompareCloneForecast.class);

    private final ForecastService forecasts;
    private final ForecastRepository repository;
    private final IssueService issues;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    CompareCloneForecast(ForecastService forecasts, ForecastRepository repository, IssueService issues,
                         ApplicationEventPublisher events, Clock clock) {
        this.forecasts = forecasts;
        this.repository = repository;
        this.issues = issues;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public void execute(DelegateExecution execution) {
        Forecast forecast = forecasts.get(CloneForecastProcess.cloneId(execution));
        Set<String> withIssue = issues.search(IssueFilter.ofClone(forecast.cloneId())).stream()
                .filter(issue -> forecast.target().equals(issue.instance()))
                .map(Issue::midServer).collect(Collectors.toSet());
        int hits = 0;
        for (MidServerForecast server : forecast.midServers()) {
            Found found = withIssue.contains(server.midServer()) ? Found.IssueLogged : Found.NoIssue;
            events.publishEvent(new ForecastCompared(server.verdict(), found));
            if (server.verdict().needsPreparation() == (found == Found.IssueLogged)) {
                hits++;
            }
        }
        repository.compared(forecast.id(), withIssue, clock.instant());
        log.info("Forecast of clone {} compared with its check: {} of {} MID Server(s) as forecast",
                forecast.cloneId(), hits, forecast.midServers().size());
    }
}
