/**
 * Any LangChain4j ChatModel as Silas proxy, planner or executor agent, with structured output, tool specifications
 * and usage accounting, entered through {@link io.silas.langchain4j.LangChain4jAgents}.
 */
@NullMarked
package io.silas.langchain4j;

import org.jspecify.annotations.NullMarked;
