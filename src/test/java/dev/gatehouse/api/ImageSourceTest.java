package dev.gatehouse.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImageSourceTest {

    @Test
    void splitsABase64DataUrlIntoMediaTypeAndData() {
        assertThat(ImageSource.parse("data:image/png;base64,iVBORw0KGgo="))
                .contains(new ImageSource("image/png", "iVBORw0KGgo=", null));
    }

    @Test
    void keepsARemoteUrlWhole() {
        assertThat(ImageSource.parse("https://example.com/cat.png"))
                .contains(new ImageSource(null, null, "https://example.com/cat.png"));
    }

    @Test
    void aMalformedDataUrlIsEmpty() {
        assertThat(ImageSource.parse("data:image/png,iVBORw0KGgo=")).isEmpty();
        assertThat(ImageSource.parse("data:image/png;base64")).isEmpty();
        assertThat(ImageSource.parse("data:,x;base64")).isEmpty();
    }
}
