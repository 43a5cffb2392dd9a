package dev.tailor.page;

import static org.assertj.core.api.Assertions.assertThat;

import com.caoccao.javet.swc4j.Swc4j;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A page whose root is {@code <Layout>} from the site's own files: does Layout pass the layout class on? */
class WrapperClassNameTest {
    private static final String PAGE = """
            import { Layout } from "./Layout.jsx";
            import { Hero } from "./Hero.jsx";
            export default function Page() {
              return <Layout><Hero /></Layout>;
            }
            """;

    @TempDir
    Path site;
    final Swc4j swc4j = new Swc4j();

    @Test
    void aLayoutThatDropsClassNameIsNamedWithItsFix() throws Exception {
        assertThat(whyNoClass("export function Layout({ children }) { return <div className=\"frame\">{children}</div>; }"))
                .hasValueSatisfying(why -> assertThat(why)
                        .startsWith("the root <Layout> (src/Layout.jsx) never passes on the className it is given")
                        .contains("pass className to the root element of Layout in src/Layout.jsx"));
    }

    @Test
    void dropsAreSeenInEveryPropsShape() throws Exception {
        assertThat(whyNoClass("export const Layout = (props) => <main>{props.children}</main>;")).isPresent();
        assertThat(whyNoClass("export const Layout = ({ className, children }) => <main>{children}</main>;")).isPresent();
        assertThat(whyNoClass("export const Layout = ({ children, ...rest }) => <main>{children}</main>;")).isPresent();
        assertThat(whyNoClass("export function Layout() { return <main>hello</main>; }")).isPresent();
    }

    @Test
    void aLayoutThatPassesClassNameOnGetsTheClass() throws Exception {
        assertThat(whyNoClass("export function Layout({ className, children }) { return <div className={className}>{children}</div>; }")).isEmpty();
        assertThat(whyNoClass("export const Layout = ({ className: extra = \"\", children }) =>"
                + " <div className={`frame ${extra}`}>{children}</div>;")).isEmpty();
        assertThat(whyNoClass("import clsx from \"clsx\";\nexport const Layout = ({ className, children }) =>"
                + " <div className={clsx(\"frame\", className)}>{children}</div>;")).isEmpty();
        assertThat(whyNoClass("export const Layout = (props) => <div className={props.className}>{props.children}</div>;")).isEmpty();
    }

    @Test
    void aLayoutThatSpreadsItsPropsGetsTheClass() throws Exception {
        assertThat(whyNoClass("export const Layout = (props) => <div {...props} />;")).isEmpty();
        assertThat(whyNoClass("export const Layout = ({ title, ...rest }) => <div {...rest} />;")).isEmpty();
    }

    @Test
    void codeTailorCannotFollowGetsTheClassWithoutAWarning() throws Exception {
        // props used whole, a wrapper function, or className renamed on its way: no false alarm
        assertThat(whyNoClass("export const Layout = (props) => { const { children, ...other } = props;"
                + " return <div {...other}>{children}</div>; };")).isEmpty();
        assertThat(whyNoClass("import { memo } from \"react\";\nexport const Layout = memo(({ children }) => <div>{children}</div>);")).isEmpty();
        assertThat(whyNoClass("export function Layout({ className, children }) { const c = \"frame \" + className;"
                + " return <div className={c}>{children}</div>; }")).isEmpty();
        assertThat(whyNoClass("export function Layout() { return <div {...arguments[0]} />; }")).isEmpty();
        // Layout is Frame renamed on export; the default export beside it, which drops className, is not Layout
        assertThat(whyNoClass("const Frame = (props) => <div {...props} />;\nexport { Frame as Layout };\n"
                + "export default function Plain({ children }) { return <div>{children}</div>; }")).isEmpty();
    }

    @Test
    void aRootThatIsNotTheSitesOwnComponentIsLeftAlone() throws Exception {
        Files.createDirectories(site.resolve("src"));
        String page = "import { Shell } from \"some-ui-kit\";\nexport default function Page() { return <Shell><p/></Shell>; }";
        assertThat(why(page)).isEmpty();
        assertThat(why("export default function Page() { return <main><p/></main>; }")).isEmpty();
        // an import that does not resolve is the build's to report
        assertThat(why(PAGE)).isEmpty();
    }

    @Test
    void aDefaultImportWithoutExtensionIsFollowed() throws Exception {
        Files.createDirectories(site.resolve("src/frame"));
        Files.writeString(site.resolve("src/frame/index.jsx"), "export default function Frame({ children }) { return <div>{children}</div>; }");
        String page = "import Frame from \"./frame\";\nexport default function Page() { return <Frame><p/></Frame>; }";
        assertThat(why(page)).hasValueSatisfying(w -> assertThat(w).contains("root element of Frame in src/frame/index.jsx"));
    }

    @Test
    void kestrelOutfittersLayoutPassesItsClassOn() throws Exception {
        Path store = Path.of("examples", "kestrel-outfitters");
        ParsedPage page = ParsedPage.parse(swc4j, Files.readString(store.resolve("src/StorePage.jsx")));
        PageLayout layout = PageLayout.of(page, "StorePage").orElseThrow();
        assertThat(PageLayout.elementName(layout.root())).isEqualTo("Layout");
        assertThat(layout.whyNoLayoutClass(swc4j, page, store, "src/StorePage.jsx")).isEmpty();
        // the same store with a Layout that drops it is caught: the test above can fail
        Files.createDirectories(site.resolve("src"));
        Files.writeString(site.resolve("src/Layout.jsx"), Files.readString(store.resolve("src/Layout.jsx"))
                .replace("className={className ? \"store \" + className : \"store\"}", "className=\"store\""));
        assertThat(layout.whyNoLayoutClass(swc4j, page, site, "src/StorePage.jsx")).isPresent();
    }

    private Optional<String> whyNoClass(String layoutSource) throws Exception {
        Files.createDirectories(site.resolve("src"));
        Files.writeString(site.resolve("src/Layout.jsx"), layoutSource);
        return why(PAGE);
    }

    private Optional<String> why(String pageSource) throws Exception {
        ParsedPage page = ParsedPage.parse(swc4j, pageSource);
        PageLayout layout = PageLayout.of(page, "Page").orElseThrow();
        return layout.whyNoLayoutClass(swc4j, page, site, "src/Page.jsx");
    }
}
