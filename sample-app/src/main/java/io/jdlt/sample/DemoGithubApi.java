package io.jdlt.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for GitHub's issues API, so that the REST API source declared in application.yml runs offline: it
 * serves 100 real issues (bundled) in pages, with GitHub's {@code Link: <…>; rel="next"} header.
 */
@RestController
class DemoGithubApi {

    private final List<Map<String, Object>> issues;

    DemoGithubApi() {
        try (InputStream in = new ClassPathResource("demo/github_issues_page.json").getInputStream()) {
            issues = JsonMapper.builder().build().readValue(in, new TypeReference<List<Map<String, Object>>>() {
            });
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot read the bundled demo issues", ex);
        }
    }

    @GetMapping("/demo-api/repos/{owner}/{repo}/issues")
    ResponseEntity<List<Map<String, Object>>> issues(@PathVariable String owner, @PathVariable String repo,
            @RequestParam(name = "per_page", defaultValue = "30") int perPage,
            @RequestParam(defaultValue = "1") int page) {
        int from = Math.min((page - 1) * perPage, issues.size());
        int to = Math.min(from + perPage, issues.size());
        ResponseEntity.BodyBuilder response = ResponseEntity.ok();
        if (to < issues.size()) {
            String next = ServletUriComponentsBuilder.fromCurrentRequest().replaceQueryParam("page", page + 1)
                    .toUriString();
            response.header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"");
        }
        return response.body(issues.subList(from, to));
    }
}
