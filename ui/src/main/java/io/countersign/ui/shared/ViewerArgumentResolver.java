package io.countersign.ui.shared;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Lets a controller take a {@link Viewer} parameter. Without it Spring would treat the record as a form object and
 * bind it from request parameters, letting a request claim any roles it liked.
 */
class ViewerArgumentResolver implements HandlerMethodArgumentResolver {

    private final CurrentViewer currentViewer;

    ViewerArgumentResolver(CurrentViewer currentViewer) {
        this.currentViewer = currentViewer;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Viewer.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer container,
                                  NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
        return currentViewer.require(webRequest.getNativeRequest(HttpServletRequest.class));
    }
}
